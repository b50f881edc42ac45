namespace IgaBot.Adapters.Storage;

/// <summary>Emails are stored in lower case so that SQL equality matches the directory's case-insensitive lookups.</summary>
internal static class PersonKey
{
    public static string Of(string email) => email.Trim().ToLowerInvariant();

    public static string? OfNullable(string? email) => email is null ? null : Of(email);
}
