namespace IgaBot.Core.Requests;

/// <summary>Which status changes a request may make: forward only, from an open status.</summary>
public static class RequestTransitions
{
    public static bool IsOpen(RequestStatus status) => status is RequestStatus.Draft or RequestStatus.Submitted
        or RequestStatus.PendingApproval or RequestStatus.Approved or RequestStatus.Provisioning;

    /// <summary>
    /// True when <paramref name="from"/> is open and <paramref name="to"/> comes after it in
    /// Draft → Submitted → PendingApproval → Approved → Provisioning → Fulfilled, or is one of the other
    /// endings (Denied, Cancelled, Expired, Failed).
    /// </summary>
    public static bool IsAllowed(RequestStatus from, RequestStatus to) => IsOpen(from) && to > from;
}
