namespace IgaBot.Adapters.Planner;

/// <summary>
/// Finds, in an ONNX model's bytes, the weights that are only ever looked up a row at a time: float initializers
/// whose every use is the table of a <c>Gather</c> (a word-embedding table is the model's largest). Such a table
/// need not be copied into ONNX Runtime's memory: mapped from the file, only the rows of the words a process
/// actually sees become resident.
/// </summary>
/// <remarks>
/// A minimal reader of the protocol-buffer wire format, for the few fields it needs (onnx.proto: ModelProto.graph = 7;
/// GraphProto.node = 1, initializer = 5; NodeProto.input = 1, op_type = 4; TensorProto.dims = 1, data_type = 2,
/// name = 8, raw_data = 9). Bytes it cannot read give no tables, never an exception: the model is then loaded whole.
/// </remarks>
internal static class OnnxLookupTables
{
    private const int FloatType = 1;

    /// <summary>A table: its name, its shape, and where its little-endian floats lie in the model's bytes.</summary>
    internal sealed record Table(string Name, long[] Dimensions, int Offset, int Length);

    internal static IReadOnlyList<Table> Find(ReadOnlySpan<byte> model, int smallestBytes)
    {
        try
        {
            return FindOrThrow(model, smallestBytes);
        }
        catch (FormatException)
        {
            return [];
        }
    }

    private static List<Table> FindOrThrow(ReadOnlySpan<byte> model, int smallestBytes)
    {
        var graph = Field(model, 0, model.Length, 7) ?? throw new FormatException("no graph");
        var tables = new List<Table>();
        var gatheredOnly = new Dictionary<string, bool>(StringComparer.Ordinal);

        for (var at = graph.Start; at < graph.End;)
        {
            var (number, wireType, value) = Next(model, ref at, graph.End);
            if (wireType != 2) continue;
            if (number == 1 && !NoteUses(model, value, gatheredOnly)) return [];
            else if (number == 5 && ReadFloatTable(model, value) is { } table && table.Length >= smallestBytes) tables.Add(table);
        }
        return tables.FindAll(t => gatheredOnly.TryGetValue(t.Name, out var only) && only);
    }

    // A node using a name as anything but a Gather's table (its first input) makes the name no lookup table. False for
    // a node with subgraphs (their uses are not read), so that no table is taken from such a model.
    private static bool NoteUses(ReadOnlySpan<byte> model, (int Start, int End) node, Dictionary<string, bool> gatheredOnly)
    {
        var inputs = new List<string>();
        var op = "";
        for (var at = node.Start; at < node.End;)
        {
            var (number, wireType, value) = Next(model, ref at, node.End);
            if (wireType != 2) continue;
            if (number == 1) inputs.Add(Text(model, value));
            else if (number == 4) op = Text(model, value);
        }
        for (var i = 0; i < inputs.Count; i++)
        {
            var asTable = op == "Gather" && i == 0;
            gatheredOnly[inputs[i]] = asTable && gatheredOnly.GetValueOrDefault(inputs[i], true);
        }
        return op is not ("If" or "Loop" or "Scan");
    }

    private static Table? ReadFloatTable(ReadOnlySpan<byte> model, (int Start, int End) tensor)
    {
        var dimensions = new List<long>();
        long type = 0;
        string? name = null;
        (int Start, int End)? raw = null;
        for (var at = tensor.Start; at < tensor.End;)
        {
            var (number, wireType, value) = Next(model, ref at, tensor.End);
            switch (number, wireType)
            {
                case (1, 0): dimensions.Add(value.Start); break;
                case (1, 2):
                    for (var d = value.Start; d < value.End;) dimensions.Add(Varint(model, ref d, value.End));
                    break;
                case (2, 0): type = value.Start; break;
                case (8, 2): name = Text(model, value); break;
                case (9, 2): raw = value; break;
            }
        }
        if (type != FloatType || name is null || raw is not { } bytes || dimensions.Count == 0) return null;
        long count = 1;
        foreach (var d in dimensions) count *= d;
        return count * sizeof(float) == bytes.End - bytes.Start ? new Table(name, [.. dimensions], bytes.Start, bytes.End - bytes.Start) : null;
    }

    private static (int Start, int End)? Field(ReadOnlySpan<byte> bytes, int start, int end, int wanted)
    {
        for (var at = start; at < end;)
        {
            var (number, wireType, value) = Next(bytes, ref at, end);
            if (number == wanted && wireType == 2) return value;
        }
        return null;
    }

    // One field: its number, wire type and, for a length-delimited field, where its bytes lie; for a varint the value
    // rides in Start (the only varints read, dims and data_type, fit in an int for any model this reads).
    private static (int Number, int WireType, (int Start, int End) Value) Next(ReadOnlySpan<byte> bytes, ref int at, int end)
    {
        var key = Varint(bytes, ref at, end);
        var number = (int)(key >> 3);
        var wireType = (int)(key & 7);
        switch (wireType)
        {
            case 0:
                var value = Varint(bytes, ref at, end);
                return (number, wireType, ((int)Math.Min(value, int.MaxValue), 0));
            case 1:
                at = Skip(at, 8, end);
                return (number, wireType, default);
            case 2:
                var length = Varint(bytes, ref at, end);
                if (length > end - at) throw new FormatException("field runs past its message");
                var start = at;
                at += (int)length;
                return (number, wireType, (start, at));
            case 5:
                at = Skip(at, 4, end);
                return (number, wireType, default);
            default:
                throw new FormatException($"wire type {wireType}");
        }
    }

    private static int Skip(int at, int count, int end) => at + count <= end ? at + count : throw new FormatException("truncated");

    private static long Varint(ReadOnlySpan<byte> bytes, ref int at, int end)
    {
        long value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= end) throw new FormatException("truncated varint");
            var b = bytes[at++];
            value |= (long)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new FormatException("varint too long");
    }

    private static string Text(ReadOnlySpan<byte> bytes, (int Start, int End) value) =>
        System.Text.Encoding.UTF8.GetString(bytes[value.Start..value.End]);
}
