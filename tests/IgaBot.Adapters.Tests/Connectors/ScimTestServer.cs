using System.ComponentModel;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace IgaBot.Adapters.Tests.Connectors;

/// <summary>
/// The real SCIM 2.0 server of <c>tests/scim-server</c> (scimmy + express), run as a child process.
/// Ignores the tests that use it, with the command to fix that, when node or its packages are missing.
/// </summary>
public sealed class ScimTestServer : IDisposable
{
    public const string Token = "scim-test-token-5f2c";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly HttpClient _client;

    private ScimTestServer(Process process, Uri root)
    {
        _process = process;
        Root = root;
        _client = new HttpClient { BaseAddress = BaseUrl };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri Root { get; }

    /// <summary>The SCIM base URL, as a connector's BaseUrl.</summary>
    public Uri BaseUrl => new(Root, "scim/v2/");

    public static async Task<ScimTestServer> StartAsync()
    {
        var folder = Path.Combine(RepoRoot(), "tests", "scim-server");
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            Assert.Ignore($"The SCIM test server's packages are missing: run `npm ci --prefix tests/scim-server` (or npm ci in {folder}).");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("server.js");
        start.ArgumentList.Add("0");
        start.ArgumentList.Add(Token);
        start.Environment["IGABOT_SCIM_EXIT_WITH_STDIN"] = "1";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception)
        {
            Assert.Ignore("node is not installed, so the SCIM connector tests cannot run their SCIM server; install Node.js and run `npm ci --prefix tests/scim-server`.");
            throw; // not reached: Assert.Ignore throws
        }

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            const string prefix = "listening on ";
            if (e.Data?.StartsWith(prefix, StringComparison.Ordinal) == true)
            {
                listening.TrySetResult(new Uri(e.Data[prefix.Length..].Trim() + "/"));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The SCIM test server exited at start."));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var root = await listening.Task.WaitAsync(StartTimeout);
            return new ScimTestServer(process, root);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            Stop(process);
            string errors;
            lock (stderr)
            {
                errors = stderr.ToString();
            }

            Assert.Fail($"The SCIM test server did not start ({ex.Message}). Its stderr:\n{errors}");
            throw;
        }
    }

    /// <summary>The folder holding IgaBot.sln, found by walking up from the test assembly.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IgaBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No IgaBot.sln above {TestContext.CurrentContext.TestDirectory}.");
    }

    public Task<string> CreateUserAsync(string userName) => CreateAsync("Users", new
    {
        schemas = new[] { "urn:ietf:params:scim:schemas:core:2.0:User" },
        userName,
    });

    /// <summary>A user with the attributes a directory reads: primary email, displayName, title, active, and the enterprise extension.</summary>
    public Task<string> CreatePersonAsync(string email, string displayName, string title, string department, string? managerId = null, bool active = true) =>
        CreateAsync("Users", new Dictionary<string, object?>
        {
            ["schemas"] = new[] { "urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" },
            ["userName"] = email,
            ["displayName"] = displayName,
            ["title"] = title,
            ["active"] = active,
            ["emails"] = new[] { new { value = email, primary = true } },
            ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = managerId is null
                ? new Dictionary<string, object?> { ["department"] = department }
                : new Dictionary<string, object?> { ["department"] = department, ["manager"] = new { value = managerId } },
        });

    public Task<string> CreateGroupAsync(string displayName, params string[] memberIds) => CreateAsync("Groups", new
    {
        schemas = new[] { "urn:ietf:params:scim:schemas:core:2.0:Group" },
        displayName,
        members = memberIds.Select(id => new { value = id }).ToArray(),
    });

    /// <summary>The member ids of a group, straight from the server (duplicates kept).</summary>
    public async Task<IReadOnlyList<string>> MemberIdsAsync(string groupId)
    {
        using var json = JsonDocument.Parse(await _client.GetStringAsync($"Groups/{groupId}"));
        return json.RootElement.TryGetProperty("members", out var members)
            ? [.. members.EnumerateArray().Select(m => m.GetProperty("value").GetString()!)]
            : [];
    }

    /// <summary>The next <paramref name="count"/> SCIM requests answer 429 with Retry-After.</summary>
    public async Task ThrottleAsync(int count, int retryAfterSeconds)
    {
        using var response = await _client.PostAsJsonAsync(new Uri(Root, "__test/throttle"), new { count, retryAfter = retryAfterSeconds });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The SCIM requests the server has seen so far, as "METHOD path".</summary>
    public async Task<IReadOnlyList<string>> RequestsAsync()
    {
        using var json = JsonDocument.Parse(await _client.GetStringAsync(new Uri(Root, "__test/requests")));
        return [.. json.RootElement.EnumerateArray().Select(r => $"{r.GetProperty("method").GetString()} {Uri.UnescapeDataString(r.GetProperty("path").GetString()!)}")];
    }

    public void Dispose()
    {
        _client.Dispose();
        Stop(_process);
    }

    private async Task<string> CreateAsync(string resource, object body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/scim+json");
        using var response = await _client.PostAsync(resource, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(201), $"seeding {resource}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        process.Dispose();
    }
}
