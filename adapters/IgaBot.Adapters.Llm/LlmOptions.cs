using IgaBot.Core;

namespace IgaBot.Adapters.Llm;

/// <summary>
/// Settings section <c>OpenAI</c>: which language model drives the agent. An empty
/// <see cref="Provider"/> means the offline planner alone.
/// </summary>
public sealed class LlmOptions : ISelfValidatingOptions
{
    public const string Section = "OpenAI";
    public const string AzureOpenAI = "AzureOpenAI";
    public const string OpenAI = "OpenAI";

    /// <summary><c>AzureOpenAI</c>, <c>OpenAI</c> (any OpenAI-compatible endpoint) or empty.</summary>
    public string? Provider { get; set; }
    /// <summary>Azure: the resource endpoint. OpenAI: the API base URL (e.g. <c>http://localhost:11434/v1</c>); empty = api.openai.com.</summary>
    public string? Endpoint { get; set; }
    public string? ApiKey { get; set; }
    /// <summary>The model (OpenAI) or deployment name (Azure).</summary>
    public string? Model { get; set; }
    /// <summary>Model round trips per turn, tool calls included.</summary>
    public int MaxToolIterations { get; set; } = 10;
    /// <summary>How long one model call may take before the offline planner takes over.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Provider);

    /// <summary>Every problem with the settings, worded for whoever edits them; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!IsConfigured) return problems;
        var provider = Provider!.Trim();
        if (!string.Equals(provider, AzureOpenAI, StringComparison.OrdinalIgnoreCase) && !string.Equals(provider, OpenAI, StringComparison.OrdinalIgnoreCase))
            problems.Add($"OpenAI:Provider is '{provider}'; use '{AzureOpenAI}', '{OpenAI}' or leave it empty for the offline planner.");
        if (string.IsNullOrWhiteSpace(Model))
            problems.Add("OpenAI:Model is required when OpenAI:Provider is set (the model, or the Azure deployment name).");
        var azure = string.Equals(provider, AzureOpenAI, StringComparison.OrdinalIgnoreCase);
        if (azure && string.IsNullOrWhiteSpace(Endpoint))
            problems.Add("OpenAI:Endpoint is required for AzureOpenAI (https://NAME.openai.azure.com/).");
        if (azure && string.IsNullOrWhiteSpace(ApiKey))
            problems.Add("OpenAI:ApiKey is required for AzureOpenAI.");
        if (!string.IsNullOrWhiteSpace(Endpoint) && !Uri.TryCreate(Endpoint, UriKind.Absolute, out _))
            problems.Add($"OpenAI:Endpoint '{Endpoint}' is not an absolute URL.");
        if (MaxToolIterations is < 2 or > 50)
            problems.Add("OpenAI:MaxToolIterations must be between 2 and 50.");
        if (Timeout <= TimeSpan.Zero)
            problems.Add("OpenAI:Timeout must be positive.");
        return problems;
    }
}
