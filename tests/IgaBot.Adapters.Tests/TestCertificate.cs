using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IgaBot.Adapters.Tests;

/// <summary>
/// A self-signed certificate for 127.0.0.1, made once per test run, for stand-ins that must speak https (MSAL
/// talks only to https authorities). Only the tests' own clients trust it (<see cref="Validate"/>); nothing is installed.
/// </summary>
internal static class TestCertificate
{
    private static readonly Lazy<X509Certificate2> Made = new(Make);

    public static X509Certificate2 Certificate => Made.Value;

    /// <summary>A server-certificate check that accepts a valid chain or this very certificate.</summary>
    public static bool Validate(X509Certificate? certificate, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None
        || (certificate is not null && certificate.GetCertHashString() == Certificate.GetCertHashString());

    private static X509Certificate2 Make()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));

        // Through PKCS#12 so that Kestrel on every platform gets a certificate with a usable private key.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);
    }
}
