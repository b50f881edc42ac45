namespace IgaBot.Core;

/// <summary>The state was not what the change expected (someone else changed it first).</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>The actor may not do this.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>Input that cannot be used (unknown id, broken file, absurd value); the message says why.</summary>
public sealed class InvalidInputException(string message) : Exception(message);
