using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Tests.Connectors;

/// <summary>A request as a stand-in server received it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string Body, string? Authorization)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>A reply from a stand-in server's handler.</summary>
public sealed record FakeReply(int Status, string? Json = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static FakeReply NoContent { get; } = new(204);
}

/// <summary>
/// A Kestrel server on 127.0.0.1 (a free port) that stands in for an outside API: it records every
/// request and answers with what <c>handle</c> returns.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeApiServer(WebApplication app, Uri root)
    {
        _app = app;
        Root = root;
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri Root { get; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<FakeApiServer> StartAsync(Func<RecordedRequest, FakeReply> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeApiServer? server = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new RecordedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "/",
                context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                await reader.ReadToEndAsync(),
                context.Request.Headers.Authorization.FirstOrDefault());
            server!._requests.Enqueue(request);

            var reply = handle(request);
            context.Response.StatusCode = reply.Status;
            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            if (reply.Json is not null)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(reply.Json);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeApiServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
