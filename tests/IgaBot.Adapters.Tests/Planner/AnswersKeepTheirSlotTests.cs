namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// A reason given as the answer to "why" is free text: a place it mentions in passing ("out of the saleroom") does not
/// replace the warehouse already chosen (twenty-third session, found on an auction house's tenant read by kind, where the
/// request had been filed for the place the reason mentioned). A correction typed as its own message still changes it.
/// </summary>
public sealed class AnswersKeepTheirSlotTests
{
    private const string Catalog = """
        apps:
          - id: porter
            name: Porter
            description: Warehouse and collections - property in store, shipping bookings and collection release.
            owner: dec.murphy@example.com
            connector: manual
            entitlements:
              - id: porter-lookup
                name: Porter Lookup
                description: Look up where a lot is stored and its shipping status.
                risk: low
                approvals: []
              - id: porter-release
                name: Porter Collection Release
                description: Release paid lots to buyers and shippers at one warehouse and sign them out.
                risk: high
                maxDuration: P30D
                approvals: [manager]
                requiresJustification: true
                scope: {label: warehouse, options: [Park Royal, Mayfair Saleroom, Long Island City]}
        """;

    private const string Directory = """
        users:
          - {email: dec.murphy@example.com, name: Dec Murphy, title: Head of Logistics, department: Logistics}
          - {email: ivy.cole@example.com, name: Ivy Cole, title: Logistics Coordinator, department: Logistics, manager: dec.murphy@example.com}
        """;

    [Test]
    public async Task APlaceTheReasonMentions_DoesNotReplaceTheWarehouseChosen()
    {
        var result = await InlineTenantEval.RunAsync(Catalog, Directory,
            """{"id":"why","requester":"ivy.cole@example.com","say":"need release access in porter","answers":{"scope":"Park Royal","duration":"2 weeks","justification":"post-sale rush, another person on the dock who can sign lots out of the mayfair saleroom to shippers"},"expect":{"entitlement":"porter-release","scope":"Park Royal","status":"pending_approval","duration":"P14D","asks":["scope","duration","justification"]}}""");

        Assert.That(result.Passed, Is.True, result.Actual);
    }
}
