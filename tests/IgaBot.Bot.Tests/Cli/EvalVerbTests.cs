using System.Text.Json.Nodes;
using IgaBot.Bot.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using IgaBot.Adapters.Tests;

namespace IgaBot.Bot.Tests.Cli;

/// <summary>
/// <c>igabot eval</c> evaluates the reasoner the settings name, as the bot would use it: a configured
/// model when there is one, the offline planner otherwise. The settings come from the environment here.
/// </summary>
[NonParallelizable]
public sealed class EvalVerbTests
{
    private static readonly string Eval = Path.Combine(TestContext.CurrentContext.TestDirectory, "eval");

    [Test]
    public async Task Eval_WithAModelConfigured_SendsTheCasesToThatModel_AndSaysSo()
    {
        await using var model = await CompletionsEndpoint.StartAsync();
        using var settings = new EnvironmentSettings(new()
        {
            ["OpenAI__Provider"] = "OpenAI",
            ["OpenAI__Endpoint"] = model.BaseUrl + "/v1",
            ["OpenAI__Model"] = "eval-model",
            ["OpenAI__ApiKey"] = "sk-eval-test",
        });

        var (exit, output) = await RunEvalAsync(OneCase());

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Does.StartWith("eval: 1 case(s) through OpenAI:eval-model"));
        Assert.That(model.Models, Is.Not.Empty, "the configured model was never called");
        Assert.That(model.Models, Is.All.EqualTo("eval-model"));
        Assert.That(output, Does.Not.Contain("sk-eval-test"), "the API key must not be printed");
    }

    [Test]
    public async Task Eval_WithoutAModel_RunsTheOfflinePlanner()
    {
        using var settings = new EnvironmentSettings(new() { ["OpenAI__Provider"] = "" });

        var (exit, output) = await RunEvalAsync(OneCase());

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Does.StartWith("eval: 1 case(s) through the offline planner"));
        Assert.That(output, Does.Contain("eval: 1/1 passed"));
    }

    [Test]
    public async Task Eval_WithBrokenModelSettings_NamesTheProblem_AndRunsNothing()
    {
        using var settings = new EnvironmentSettings(new() { ["OpenAI__Provider"] = "Bogus", ["OpenAI__Model"] = "m" });

        var (exit, output) = await RunEvalAsync(OneCase());

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Does.Contain("OpenAI:Provider is 'Bogus'"));
        Assert.That(output, Does.Not.Contain("passed"));
    }

    private static string OneCase()
    {
        var path = Path.Combine(Path.GetTempPath(), $"igabot-eval-one-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, File.ReadLines(Path.Combine(Eval, "cases.jsonl")).Take(1));
        return path;
    }

    private static async Task<(int Exit, string Output)> RunEvalAsync(string cases)
    {
        try
        {
            var output = new StringWriter();
            var exit = await CommandLine.RunAsync(["eval", "--catalog", Path.Combine(Eval, "catalog.yaml"),
                "--directory", Path.Combine(Eval, "directory.yaml"), "--cases", cases], output, output);
            return (exit, output.ToString());
        }
        finally
        {
            File.Delete(cases);
        }
    }

    /// <summary>Sets environment variables for one test and puts the old values back.</summary>
    private sealed class EnvironmentSettings : IDisposable
    {
        private readonly Dictionary<string, string?> _previous = [];

        public EnvironmentSettings(Dictionary<string, string> values)
        {
            foreach (var (name, value) in values)
            {
                _previous[name] = Environment.GetEnvironmentVariable(name);
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach (var (name, value) in _previous) Environment.SetEnvironmentVariable(name, value);
        }
    }

    /// <summary>An OpenAI-compatible chat completions endpoint on 127.0.0.1 that answers every call in plain words and records the model asked for.</summary>
    private sealed class CompletionsEndpoint : IAsyncDisposable
    {
        private WebApplication _app = null!;

        public List<string?> Models { get; } = [];
        public string BaseUrl { get; private set; } = "";

        public static async Task<CompletionsEndpoint> StartAsync()
        {
            var endpoint = new CompletionsEndpoint();
            (endpoint._app, var root) = await LocalServer.StartAsync(app => app.MapPost("/v1/chat/completions", async (HttpContext context) =>
            {
                var body = await JsonNode.ParseAsync(context.Request.Body);
                lock (endpoint.Models) endpoint.Models.Add((string?)body?["model"]);
                return Results.Json(new JsonObject
                {
                    ["id"] = "chatcmpl-1",
                    ["object"] = "chat.completion",
                    ["created"] = 1_700_000_000,
                    ["model"] = (string?)body?["model"],
                    ["choices"] = new JsonArray(new JsonObject
                    {
                        ["index"] = 0,
                        ["finish_reason"] = "stop",
                        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "Which app do you mean?" },
                    }),
                    ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 },
                });
            }));
            endpoint.BaseUrl = root.ToString().TrimEnd('/');
            return endpoint;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
