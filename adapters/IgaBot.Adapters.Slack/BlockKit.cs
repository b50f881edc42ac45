using System.Text.Json.Serialization;

namespace IgaBot.Adapters.Slack;

// The few Block Kit types the bot sends. Serialized with SlackJson (snake_case, nulls left out);
// lists must be typed as the base types so the "type" discriminator is written.

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SectionBlock), "section")]
[JsonDerivedType(typeof(HeaderBlock), "header")]
[JsonDerivedType(typeof(ContextBlock), "context")]
[JsonDerivedType(typeof(ActionsBlock), "actions")]
[JsonDerivedType(typeof(DividerBlock), "divider")]
[JsonDerivedType(typeof(InputBlock), "input")]
public abstract record Block
{
    public string? BlockId { get; init; }
}

public sealed record SectionBlock(TextObject? Text) : Block
{
    public IReadOnlyList<TextObject>? Fields { get; init; }
    public BlockElement? Accessory { get; init; }
}

public sealed record HeaderBlock(TextObject Text) : Block;

public sealed record ContextBlock(IReadOnlyList<TextObject> Elements) : Block;

public sealed record ActionsBlock(IReadOnlyList<BlockElement> Elements) : Block;

public sealed record DividerBlock : Block;

public sealed record InputBlock(TextObject Label, BlockElement Element) : Block
{
    public bool? Optional { get; init; }
    public TextObject? Hint { get; init; }
}

/// <summary>A <c>plain_text</c> or <c>mrkdwn</c> text object. Build them with <see cref="SlackText"/> so limits and escaping hold.</summary>
public sealed record TextObject(string Type, string Text)
{
    public bool? Emoji { get; init; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ButtonElement), "button")]
[JsonDerivedType(typeof(StaticSelectElement), "static_select")]
[JsonDerivedType(typeof(PlainTextInputElement), "plain_text_input")]
public abstract record BlockElement
{
    public string? ActionId { get; init; }
}

public sealed record ButtonElement(TextObject Text) : BlockElement
{
    public string? Value { get; init; }
    /// <summary>"primary" or "danger".</summary>
    public string? Style { get; init; }
}

public sealed record StaticSelectElement(TextObject Placeholder) : BlockElement
{
    public IReadOnlyList<OptionObject>? Options { get; init; }
    public IReadOnlyList<OptionGroup>? OptionGroups { get; init; }
    public OptionObject? InitialOption { get; init; }
}

public sealed record OptionObject(TextObject Text, string Value)
{
    public TextObject? Description { get; init; }
}

public sealed record OptionGroup(TextObject Label, IReadOnlyList<OptionObject> Options);

public sealed record PlainTextInputElement : BlockElement
{
    public bool? Multiline { get; init; }
    public int? MaxLength { get; init; }
    public string? InitialValue { get; init; }
    public TextObject? Placeholder { get; init; }
}

/// <summary>A modal or an App Home tab.</summary>
public sealed record SlackView(string Type, IReadOnlyList<Block> Blocks)
{
    public TextObject? Title { get; init; }
    public TextObject? Submit { get; init; }
    public TextObject? Close { get; init; }
    public string? CallbackId { get; init; }
    public string? PrivateMetadata { get; init; }
}

/// <summary>A message: <see cref="Text"/> is the notification / fallback text, <see cref="Blocks"/> what people see.</summary>
public sealed record SlackMessage(string Text, IReadOnlyList<Block> Blocks)
{
    /// <summary>Message metadata, invisible to people, by which the bot finds its own message again (a notice sent once).</summary>
    public SlackMessageMetadata? Metadata { get; init; }
}

/// <summary>Slack's message metadata: an event type and a payload, here one <paramref name="Key"/>.</summary>
public sealed record SlackMessageMetadata(string EventType, string Key);
