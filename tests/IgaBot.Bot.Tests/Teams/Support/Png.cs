using System.Buffers.Binary;
using System.IO.Compression;

namespace IgaBot.Bot.Tests.Teams.Support;

/// <summary>Just enough PNG reading (8-bit RGBA, non-interlaced) to look at our icons' pixels.</summary>
internal static class Png
{
    public readonly record struct Rgba(byte R, byte G, byte B, byte A);

    public static IReadOnlyList<Rgba> ReadRgba(byte[] bytes, out int width, out int height)
    {
        width = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16));
        height = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20));
        if (bytes[24] != 8 || bytes[25] != 6 || bytes[28] != 0) throw new NotSupportedException("Only 8-bit RGBA non-interlaced PNGs.");

        using var idat = new MemoryStream();
        for (var offset = 8; offset < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(bytes, offset + 4, 4);
            if (type == "IDAT") idat.Write(bytes, offset + 8, length);
            offset += 12 + length;
        }
        idat.Position = 0;
        using var inflater = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        var data = raw.ToArray();

        var stride = width * 4;
        var pixels = new List<Rgba>(width * height);
        var previous = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            var line = data.AsSpan(y * (stride + 1) + 1, stride).ToArray();
            for (var i = 0; i < stride; i++)
            {
                int left = i >= 4 ? line[i - 4] : 0, up = previous[i], upLeft = i >= 4 ? previous[i - 4] : 0;
                line[i] = (byte)(line[i] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new NotSupportedException($"PNG filter {filter}"),
                });
            }
            for (var x = 0; x < width; x++) pixels.Add(new Rgba(line[x * 4], line[x * 4 + 1], line[x * 4 + 2], line[x * 4 + 3]));
            previous = line;
        }
        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
