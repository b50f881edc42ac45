using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace IgaBot.Benchmarks;

/// <summary>
/// <c>--memory</c>: the resident memory (VmRSS) of the real server process (<c>igabot</c> as built, the offline
/// planner, SQLite, the playground on) after 1,000 turns sent through the playground's Direct Line endpoint as
/// Web Chat sends them: each persona's own conversation, a message, the bot's turn, its reply through the local
/// Bot Connector. Linux only (reads /proc).
/// </summary>
internal static class MemoryBenchmark
{
    private static readonly string[] Personas =
    [
        "jake.miller@contoso.com", "sofia.rossi@contoso.com", "alice.chen@contoso.com", "marcus.reed@contoso.com",
        "dana.lee@contoso.com", "tom.baker@contoso.com", "hannah.white@contoso.com", "ava.hughes@contoso.com",
    ];
    private static readonly string[] Sayings =
    [
        "I need read-only access to prod AWS", "I need to read the code in our GitHub repos", "cancel",
        "Can I get Tableau viewer access for 2 weeks", "I want to edit opportunities in Salesforce", "start over",
        "I need to run SQL queries on the analytics marts", "what access do I have?", "never mind",
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var turns = Option(args, "--turns", 1000);
        if (!File.Exists("/proc/self/status"))
        {
            await output.WriteLineAsync("memory: needs Linux (/proc) to read the server's resident memory");
            return 1;
        }
        var server = ServerPath(args);
        if (server is null)
        {
            await output.WriteLineAsync("memory: the server is not built; build bot/IgaBot.Bot -c Release or pass --server PATH/igabot.dll");
            return 1;
        }
        // A server built before the last change measures that older code: say which build this is.
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"memory: server {server}, built {File.GetLastWriteTimeUtc(server):yyyy-MM-dd HH:mm} UTC (rebuild it with -c Release after a change)"));
        var folder = Directory.CreateTempSubdirectory("igabot-memory-");
        var port = FreePort();
        var root = Path.GetDirectoryName(server)!;
        var start = new ProcessStartInfo("dotnet", [server])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Playground__Enabled"] = "true";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Database__ConnectionString"] = $"Data Source={Path.Combine(folder.FullName, "memory.db")}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("the server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            if (!await ReadyAsync(http, process))
            {
                await output.WriteLineAsync($"memory: the server at {server} did not answer /healthz within 60 s");
                return 1;
            }
            var sessions = new List<(string Conversation, string Token)>();
            foreach (var persona in Personas)
            {
                var session = await (await http.PostAsJsonAsync("/playground/api/session", new { email = persona })).EnsureSuccessStatusCode()
                    .Content.ReadFromJsonAsync<JsonObject>() ?? throw new InvalidOperationException("no session");
                var token = (string)session["token"]!;
                using var open = new HttpRequestMessage(HttpMethod.Post, "/playground/directline/v3/directline/conversations");
                open.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var conversation = await (await http.SendAsync(open)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
                sessions.Add(((string)conversation!["conversationId"]!, token));
            }
            var afterStart = ResidentMegabytes(process.Id);

            var failed = 0;
            var samples = new double[turns];
            for (var i = 0; i < turns; i++)
            {
                var (conversation, token) = sessions[i % sessions.Count];
                var text = Sayings[(i / sessions.Count) % Sayings.Length];
                using var post = new HttpRequestMessage(HttpMethod.Post, $"/playground/directline/v3/directline/conversations/{conversation}/activities")
                {
                    Content = JsonContent.Create(new JsonObject { ["type"] = "message", ["text"] = text }),
                };
                post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var t = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(post);
                samples[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK) failed++;
                if (i == 99) await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"memory: after 100 turns {ResidentMegabytes(process.Id):0} MB"));
            }
            var after = ResidentMegabytes(process.Id);
            Array.Sort(samples);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"memory: server resident {afterStart:0} MB once started and warmed (8 sessions), {after:0} MB after {turns} turns through Direct Line ({failed} failed; turn p50 {samples[turns / 2]:0} ms, p95 {samples[(int)(turns * 0.95)]:0} ms)"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"memory: goal <= 400 MB after {turns} turns: {(after <= 400 ? "met" : "not met")}; peak (VmHWM) {PeakMegabytes(process.Id):0} MB"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"memory: of it anonymous (heaps) {StatusKilobytes(process.Id, "RssAnon:") / 1024.0:0} MB, files mapped {StatusKilobytes(process.Id, "RssFile:") / 1024.0:0} MB; the largest mapped files: {string.Join(", ", LargestMappedFiles(process.Id, 4))}"));
            return failed == 0 ? 0 : 1;
        }
        finally
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await process.WaitForExitAsync();
            try { folder.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<bool> ReadyAsync(HttpClient http, Process process)
    {
        for (var i = 0; i < 120; i++)
        {
            if (process.HasExited) return false;
            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.IsSuccessStatusCode) return true;
            }
            catch (HttpRequestException) { }
            await Task.Delay(500);
        }
        return false;
    }

    private static double ResidentMegabytes(int pid) => StatusKilobytes(pid, "VmRSS:") / 1024.0;

    private static double PeakMegabytes(int pid) => StatusKilobytes(pid, "VmHWM:") / 1024.0;

    private static long StatusKilobytes(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>The files whose pages count most in the resident memory (from /proc/PID/smaps), as "name N MB".</summary>
    private static IEnumerable<string> LargestMappedFiles(int pid, int count)
    {
        var resident = new Dictionary<string, long>(StringComparer.Ordinal);
        string? file = null;
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 6 && fields[0].Contains('-', StringComparison.Ordinal) && fields[5].StartsWith('/')) file = Path.GetFileName(fields[5]);
            else if (fields.Length >= 5 && fields[0].Contains('-', StringComparison.Ordinal)) file = null;
            else if (file is not null && fields[0] == "Rss:")
                resident[file] = resident.GetValueOrDefault(file) + long.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        return resident.OrderByDescending(r => r.Value).Take(count)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value / 1024.0:0} MB"));
    }

    /// <summary>--server PATH, else the Release build of bot/IgaBot.Bot found above this program's folder.</summary>
    private static string? ServerPath(string[] args)
    {
        var at = Array.IndexOf(args, "--server");
        if (at >= 0 && at + 1 < args.Length) return File.Exists(args[at + 1]) ? Path.GetFullPath(args[at + 1]) : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bot", "IgaBot.Bot", "bin", "Release", "net10.0", "igabot.dll");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var n) && n > 0 ? n : fallback;
    }
}
