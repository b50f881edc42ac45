using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IgaBot.Core;

/// <summary>
/// The one way a settings section is checked: its options class says everything that is wrong, each problem a
/// sentence naming the setting (<c>Database:BusyTimeout must be positive.</c>), and start-up fails with all of them
/// in one <see cref="OptionsValidationException"/> (joined by "; ").
/// </summary>
public static class OptionsValidation
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to the configuration section <paramref name="section"/> and checks it with its own
    /// <see cref="ISelfValidatingOptions.Validate"/> when the host starts.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class, ISelfValidatingOptions =>
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateAtStart(o => o.Validate());

    /// <summary>Checks the options with <paramref name="problems"/> when the host starts (and on every later read).</summary>
    public static OptionsBuilder<T> ValidateAtStart<T>(this OptionsBuilder<T> builder, Func<T, IReadOnlyList<string>> problems)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>>(new ProblemsValidation<T>(builder.Name, problems)));
        return builder.ValidateOnStart();
    }

    /// <summary>As <see cref="ValidateAtStart{T}(OptionsBuilder{T}, Func{T, IReadOnlyList{string}})"/>, for checks that need a service (other options, the environment).</summary>
    public static OptionsBuilder<T> ValidateAtStart<T, TDependency>(this OptionsBuilder<T> builder, Func<T, TDependency, IReadOnlyList<string>> problems)
        where T : class
        where TDependency : notnull
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = builder.Name;
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, ProblemsValidation<T>>(sp =>
        {
            var dependency = sp.GetRequiredService<TDependency>();
            return new ProblemsValidation<T>(name, options => problems(options, dependency));
        }));
        return builder.ValidateOnStart();
    }

    private sealed class ProblemsValidation<T>(string? name, Func<T, IReadOnlyList<string>> problems) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? optionsName, T options)
        {
            if (name is not null && optionsName != name) return ValidateOptionsResult.Skip;
            return problems(options) is { Count: > 0 } found ? ValidateOptionsResult.Fail(found) : ValidateOptionsResult.Success;
        }
    }
}

/// <summary>Options that say themselves what is wrong with them: each problem a sentence naming the setting; none when valid.</summary>
public interface ISelfValidatingOptions
{
    IReadOnlyList<string> Validate();
}
