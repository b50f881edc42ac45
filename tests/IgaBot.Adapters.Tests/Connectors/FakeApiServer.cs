using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

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
    private WebApplication _app = null!;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeApiServer() { }

    /// <summary>http://127.0.0.1:PORT/ (https with <see cref="TestCertificate"/> when started so)</summary>
    public Uri Root { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<FakeApiServer> StartAsync(Func<RecordedRequest, FakeReply> handle, bool https = false)
    {
        var server = new FakeApiServer();
        (server._app, server.Root) = await LocalServer.StartAsync(app => app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new RecordedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "/",
                context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                await reader.ReadToEndAsync(),
                context.Request.Headers.Authorization.FirstOrDefault());
            server._requests.Enqueue(request);

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
        }), https);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
