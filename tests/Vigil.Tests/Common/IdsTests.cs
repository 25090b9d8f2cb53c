using Vigil.Common;

namespace Vigil.Tests.Common;

public sealed class IdsTests
{
    [Fact]
    public void An_id_made_in_a_later_millisecond_sorts_after_an_earlier_one()
    {
        var earlier = Ids.New();
        Thread.Sleep(2);
        var later = Ids.New();

        Assert.True(string.CompareOrdinal(earlier, later) < 0, $"{earlier} should sort before {later}");
    }

    [Fact]
    public void Ids_are_32_lower_case_hex_digits_and_distinct()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => Ids.New()).ToArray();

        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }
}
