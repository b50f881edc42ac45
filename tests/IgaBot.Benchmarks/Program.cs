namespace IgaBot.Benchmarks; public static class Program { public static void Main() { } }
