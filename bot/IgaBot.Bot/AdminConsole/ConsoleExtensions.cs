using System.Security.Claims;
using IgaBot.Bot.Playground;
using IgaBot.Core;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IgaBot.Bot.AdminConsole;

/// <summary>How people sign in to the console, decided from the settings at start.</summary>
internal enum ConsoleSignIn
{
    /// <summary>Neither Entra ID nor the playground: <c>/console</c> says what to set.</summary>
    Off,
    /// <summary>OpenID Connect with Microsoft Entra ID (<c>AzureAd:*</c>), code flow, a cookie session.</summary>
    Entra,
    /// <summary>Development with the playground on and no Entra ID: the playground persona is the signed-in person.</summary>
    Playground,
}

internal sealed record ConsoleMode(ConsoleSignIn SignIn, string? WhyOff);

public static class ConsoleExtensions
{
    public const string EntraSection = "AzureAd";
    public const string CookieName = "IgaBot.Console";

    /// <summary>
    /// Registers the console (<c>/console</c>): sign-in with Microsoft Entra ID through Microsoft.Identity.Web when
    /// <c>AzureAd:ClientId</c> is set (OpenID Connect, code flow, a cookie session), else, in Development with the
    /// playground on, sign-in as a playground persona; anti-forgery for every change; <c>Console:Admins</c>.
    /// </summary>
    public static IServiceCollection AddIgaConsole(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var mode = ModeOf(configuration, environment);
        services.AddSingleton(mode);
        var options = ConsoleOptions.Read(configuration);
        services.AddSingleton(options);
        if (mode.SignIn == ConsoleSignIn.Off) return services;

        if (options.KeysPath is { } keys)
            services.AddDataProtection().SetApplicationName("IgaBot.Console").PersistKeysToFileSystem(new DirectoryInfo(keys));

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "IgaBot.Console.Antiforgery";
            o.Cookie.Path = ConsoleLayout.Root;
            o.FormFieldName = "__console_token";
        });
        services.AddSingleton<ConsoleReader>();

        if (mode.SignIn == ConsoleSignIn.Entra)
        {
            services.AddAuthentication(o =>
                {
                    o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                    o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
                })
                .AddMicrosoftIdentityWebApp(configuration.GetSection(EntraSection),
                    OpenIdConnectDefaults.AuthenticationScheme, CookieAuthenticationDefaults.AuthenticationScheme);
            services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
            {
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                o.ClientSecret = configuration[$"{EntraSection}:ClientSecret"];
                o.CallbackPath = $"{ConsoleLayout.Root}/signin-oidc";
                o.SignedOutCallbackPath = $"{ConsoleLayout.Root}/signout-callback-oidc";
                // Microsoft.Identity.Web scoped these cookies to its default callback path; they must reach ours.
                o.CorrelationCookie.Path = o.CallbackPath;
                o.NonceCookie.Path = o.CallbackPath;
                o.SaveTokens = false;
                o.TokenValidationParameters.NameClaimType = "name";
                if (!o.Scope.Contains("email")) o.Scope.Add("email");
                // A stand-in identity provider on this machine (the acceptance tests') speaks plain HTTP; anywhere
                // else the metadata must come over HTTPS and the issuer is checked the Entra ID way.
                if (LoopbackAuthority(configuration) is { } local)
                {
                    o.Authority = local;
                    o.RequireHttpsMetadata = false;
                    o.TokenValidationParameters.IssuerValidator = null;
                    o.TokenValidationParameters.ValidIssuer = local;
                    // Over plain HTTP a browser drops the SameSite=None (so Secure) correlation and nonce cookies.
                    foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
                    {
                        cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                        cookie.SameSite = SameSiteMode.Lax;
                    }
                }
            });
            services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, Cookie);
        }
        else
        {
            services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
                {
                    Cookie(o);
                    o.LoginPath = $"{ConsoleLayout.Root}/signin";
                });
        }
        services.AddAuthorization();
        return services;
    }

    /// <summary>The authority (Instance + TenantId + /v2.0) when Instance is plain HTTP on loopback, else null.</summary>
    private static string? LoopbackAuthority(IConfiguration configuration)
    {
        var instance = configuration[$"{EntraSection}:Instance"];
        if (!Uri.TryCreate(instance, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || !uri.IsLoopback) return null;
        return $"{instance.TrimEnd('/')}/{configuration[$"{EntraSection}:TenantId"]}/v2.0";
    }

    private static void Cookie(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = CookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        o.SlidingExpiration = true;
    }

    internal static ConsoleMode ModeOf(IConfiguration configuration, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(configuration[$"{EntraSection}:ClientId"])) return new(ConsoleSignIn.Entra, null);
        if (environment.IsDevelopment() && PlaygroundOptions.WhyOff(configuration, environment) is null) return new(ConsoleSignIn.Playground, null);
        return new(ConsoleSignIn.Off,
            "Sign-in is not configured: set AzureAd:Instance, AzureAd:TenantId, AzureAd:ClientId and AzureAd:ClientSecret (an Entra ID app registration " +
            "with the redirect URI https://<this host>/console/signin-oidc), and Console:Admins. See docs/deploy.md.");
    }

    /// <summary>Maps <c>/console/**</c>: the pages, their changes (POST, anti-forgery checked), sign-in and sign-out.</summary>
    public static WebApplication MapIgaConsole(this WebApplication app)
    {
        var mode = app.Services.GetRequiredService<ConsoleMode>();
        app.MapGet($"{ConsoleLayout.Root}/console.css", () => Results.Text(ConsoleLayout.Css, "text/css; charset=utf-8"));
        if (mode.SignIn == ConsoleSignIn.Off)
        {
            app.MapGet(ConsoleLayout.Root + "/{**rest}", () => ConsoleLayout.Bare("Console not configured", $"<p>{ConsoleLayout.E(mode.WhyOff)}</p>", StatusCodes.Status503ServiceUnavailable));
            return app;
        }

        if (mode.SignIn == ConsoleSignIn.Playground)
        {
            app.MapGet($"{ConsoleLayout.Root}/signin", PlaygroundSignInAsync);
        }
        app.MapPost($"{ConsoleLayout.Root}/signout", SignOutAsync).DisableAntiforgery();

        var pages = app.MapGroup(ConsoleLayout.Root).DisableAntiforgery().AddEndpointFilter(RequireViewerAsync);
        ConsolePages.Map(pages);
        return app;
    }

    /// <summary>
    /// Every console page: not signed in → sign in (Entra ID, or the persona list); signed in but neither admin nor app
    /// owner → 403 with the reason; a change (POST) without a valid anti-forgery token → 400, nothing changed.
    /// </summary>
    private static async ValueTask<object?> RequireViewerAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (context.User.Identity?.IsAuthenticated != true) return Results.Challenge(new AuthenticationProperties { RedirectUri = context.Request.Path + context.Request.QueryString });
        var tenant = context.RequestServices.GetRequiredService<ITenantAccessor>().Current;
        var viewer = ConsoleViewer.Of(context.User, tenant, context.RequestServices.GetRequiredService<ConsoleOptions>());
        if (viewer is null)
        {
            var who = ConsoleViewer.EmailOf(context.User) ?? context.User.Identity?.Name ?? "this account";
            return ConsoleLayout.Bare("Not allowed", $"""
                <p role="alert" data-testid="refused">You are signed in as {ConsoleLayout.E(who)}, who is neither a console admin nor the owner of an app in the catalog, so the console shows you nothing.</p>
                <p>Admins are listed in the setting <code>Console:Admins</code> (emails or Entra ID group ids); app owners are the owners the catalog names. Ask IT if you need access.</p>
                <form method="post" action="{ConsoleLayout.Root}/signout">{ConsoleLayout.Antiforgery(context)}<button type="submit">Sign out</button></form>
                """, StatusCodes.Status403Forbidden);
        }
        if (HttpMethods.IsPost(context.Request.Method) && !await IsValidAsync(context))
            return ConsoleLayout.Page(context, viewer, "Change refused",
                "<p class=\"error\" role=\"alert\">This change did not come from a console page (its anti-forgery token is missing or stale), so nothing was changed. Reload the page and try again.</p>",
                StatusCodes.Status400BadRequest);
        context.Items[typeof(ConsoleViewer)] = viewer;
        return await next(invocation);
    }

    private static async Task<bool> IsValidAsync(HttpContext context)
    {
        try
        {
            return await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }

    /// <summary>In Development with the playground on: pick a persona (a link per person), and be signed in as them.</summary>
    private static async Task<IResult> PlaygroundSignInAsync(HttpContext context, ITenantAccessor tenants, ConsoleOptions options, string? @as, string? returnUrl)
    {
        var tenant = tenants.Current;
        var back = returnUrl is { Length: > 0 } r && r.StartsWith(ConsoleLayout.Root, StringComparison.Ordinal) && !r.StartsWith("//", StringComparison.Ordinal) ? r : ConsoleLayout.Root;
        if (!string.IsNullOrWhiteSpace(@as))
        {
            if (tenant.Directory.Find(@as.Trim()) is not { } person)
                return ConsoleLayout.Bare("Unknown person", $"<p role=\"alert\">'{ConsoleLayout.E(@as)}' is not in the tenant's directory.</p><p><a href=\"{ConsoleLayout.Root}/signin\">Pick someone else</a></p>", StatusCodes.Status400BadRequest);
            var identity = new ClaimsIdentity([new Claim("email", person.Email), new Claim("name", person.Name)], CookieAuthenticationDefaults.AuthenticationScheme, "name", ClaimTypes.Role);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.Redirect(back);
        }
        var admins = options.Admins.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var owners = tenant.Catalog.Apps.Select(a => a.Owner).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rows = string.Concat(tenant.Directory.People.Select(p =>
        {
            var role = admins.Contains(p.Email) ? "admin" : owners.Contains(p.Email) ? "app owner" : "no access";
            return $"<tr><td><a href=\"{ConsoleLayout.Root}/signin{ConsoleLayout.Query(("as", p.Email), ("returnUrl", back))}\">{ConsoleLayout.E(p.Name)}</a></td><td>{ConsoleLayout.E(p.Title)}</td><td>{role}</td></tr>";
        }));
        return ConsoleLayout.Bare("Sign in as a persona", $"""
            <p>The playground is on and Entra ID is not configured, so you act as any person of the tenant (as in the playground).
            Admins come from <code>Console:Admins</code>; app owners from the catalog.</p>
            <div class="table-wrap"><table><caption>People of the tenant</caption>
            <thead><tr><th scope="col">Person</th><th scope="col">Title</th><th scope="col">Console role</th></tr></thead><tbody>{rows}</tbody></table></div>
            """, StatusCodes.Status200OK);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, ConsoleMode mode)
    {
        if (context.User.Identity?.IsAuthenticated == true && !await IsValidAsync(context))
            return ConsoleLayout.Bare("Sign-out refused", "<p role=\"alert\">This sign-out did not come from a console page; nothing was changed.</p>", StatusCodes.Status400BadRequest);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return ConsoleLayout.Bare("Signed out", $"<p>You are signed out of the console.</p><p><a href=\"{ConsoleLayout.Root}\">Sign in again</a></p>", StatusCodes.Status200OK);
    }

    /// <summary>The viewer the filter resolved for this request.</summary>
    internal static ConsoleViewer Viewer(this HttpContext context) => (ConsoleViewer)context.Items[typeof(ConsoleViewer)]!;
}
