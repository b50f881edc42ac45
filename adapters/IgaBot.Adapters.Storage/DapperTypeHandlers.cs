using System.Data;
using System.Globalization;
using Dapper;
using IgaBot.Core.Audit;

namespace IgaBot.Adapters.Storage;

/// <summary>
/// One encoding for both SQLite and PostgreSQL, so the schemas and queries stay the same:
/// <list type="bullet">
/// <item><see cref="Guid"/>: text, lower-case "D" format.</item>
/// <item><see cref="DateTimeOffset"/>: text, UTC <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>. Fixed width, so comparing
/// the text compares the instants (<c>expires_at &lt;= @now</c> works in both databases) and nothing is lost.</item>
/// <item><see cref="TimeSpan"/>: integer ticks (100 ns) in <c>*_ticks</c> columns.</item>
/// <item>enums: text, the member name (passed as <c>.ToString()</c>; Dapper parses names back).</item>
/// </list>
/// Dapper maps these types itself unless they are taken out of its type map first; only then does it call the
/// handlers for parameters as well as for results.
/// </summary>
internal static class DapperTypeHandlers
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    public static void Register()
    {
        lock (Gate)
        {
            if (_registered) return;
            DefaultTypeMap.MatchNamesWithUnderscores = true;
            Add(new GuidHandler());
            Add(new DateTimeOffsetHandler());
            Add(new TimeSpanHandler());
            _registered = true;
        }
    }

    private static void Add<T>(SqlMapper.TypeHandler<T> handler) where T : struct
    {
        SqlMapper.RemoveTypeMap(typeof(T));
        SqlMapper.RemoveTypeMap(typeof(T?));
        SqlMapper.AddTypeHandler(typeof(T), handler); // also registers T?
    }

    public static string ToText(DateTimeOffset value) => AuditChain.FormatTimestamp(value);

    public static DateTimeOffset ParseTimestamp(object value) => value switch
    {
        string s => DateTimeOffset.ParseExact(s, AuditChain.TimestampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        DateTimeOffset d => d.ToUniversalTime(),
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, d.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : d.Kind)).ToUniversalTime(),
        _ => throw new DataException($"Cannot read a timestamp from a {value.GetType().Name}."),
    };

    private sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
    {
        public override void SetValue(IDbDataParameter parameter, Guid value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = value.ToString("D");
        }

        public override Guid Parse(object value) => value switch
        {
            string s => Guid.Parse(s),
            Guid g => g,
            _ => throw new DataException($"Cannot read a Guid from a {value.GetType().Name}."),
        };
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = ToText(value);
        }

        public override DateTimeOffset Parse(object value) => ParseTimestamp(value);
    }

    private sealed class TimeSpanHandler : SqlMapper.TypeHandler<TimeSpan>
    {
        public override void SetValue(IDbDataParameter parameter, TimeSpan value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = value.Ticks;
        }

        public override TimeSpan Parse(object value) =>
            TimeSpan.FromTicks(Convert.ToInt64(value, CultureInfo.InvariantCulture));
    }
}
