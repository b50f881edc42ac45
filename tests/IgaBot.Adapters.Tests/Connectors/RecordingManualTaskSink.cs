using System.Collections.Concurrent;
using IgaBot.Core.Provisioning;

namespace IgaBot.Adapters.Tests.Connectors;

/// <summary>Keeps the manual tasks it is given, ignoring a task id it already has (as the port asks).</summary>
public sealed class RecordingManualTaskSink : IManualTaskSink
{
    private readonly ConcurrentDictionary<Guid, ManualTask> _tasks = new();
    private readonly ConcurrentQueue<ManualTask> _order = new();

    public IReadOnlyList<ManualTask> Tasks => [.. _order];

    public Task DeliverAsync(ManualTask task, CancellationToken ct)
    {
        if (_tasks.TryAdd(task.Id, task))
        {
            _order.Enqueue(task);
        }

        return Task.CompletedTask;
    }
}
