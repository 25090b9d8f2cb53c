using Vigil.Storage;

namespace Vigil.Tests.Storage;

public sealed class CachedReadsTests
{
    [Fact]
    public async Task A_process_that_does_not_hear_the_databases_changes_reads_again_every_time()
    {
        var reads = new CachedReads(new DatabaseChanges());
        var count = 0;

        for (var i = 0; i < 3; i++)
        {
            await reads.ReadAsync("token:x", ChangeScopes.Identities, () => Task.FromResult<string?>($"read {++count}"));
        }

        Assert.Equal(3, count);
    }
}
