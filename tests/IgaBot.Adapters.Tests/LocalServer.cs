using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Tests;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with a free port, silent: the one way the tests stand in for an outside HTTP
/// service (Slack, SCIM, Graph, Okta, an OpenAI endpoint, an OpenID provider, the Bot Connector...). The stand-in
/// maps its routes in <c>map</c>; the caller stops and disposes the returned app.
/// </summary>
internal static class LocalServer
{
    /// <returns>The started app and its root address, ending in '/'.</returns>
    /// <param name="https">Serve https with <see cref="TestCertificate"/> (for clients that refuse plain http).</param>
    public static async Task<(WebApplication App, Uri Root)> StartAsync(Action<WebApplication> map, bool https = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (https)
        {
            builder.WebHost.UseKestrelHttpsConfiguration()
                .UseKestrel(kestrel => kestrel.ConfigureHttpsDefaults(options => options.ServerCertificate = TestCertificate.Certificate))
                .UseUrls("https://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        }

        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.TrimEnd('/') + "/"));
    }
}
