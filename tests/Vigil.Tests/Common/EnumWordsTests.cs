using Vigil.Common;
using Vigil.Feeds;
using Vigil.History;
using Vigil.Triage;

namespace Vigil.Tests.Common;

public sealed class EnumWordsTests
{
    [Fact]
    public void Every_value_of_every_table_reads_back_from_its_word()
    {
        static void RoundTrips<T>(EnumWords<T> words) where T : struct, Enum
        {
            Assert.Equal(Enum.GetValues<T>().Length, words.All.Count);
            foreach (var value in Enum.GetValues<T>())
            {
                Assert.True(words.TryParse(words[value], out var back));
                Assert.Equal(value, back);
            }
        }
        RoundTrips(TriageWords.States);
        RoundTrips(TriageWords.Justifications);
        RoundTrips(TriageWords.Responses);
        RoundTrips(FindingStatuses.Words);
        RoundTrips(FeedWords.Kinds);
        RoundTrips(FeedWords.Origins);
    }

    [Fact]
    public void An_unknown_word_is_invalid_input_that_lists_the_words()
    {
        var error = Assert.Throws<VigilException>(() => TriageWords.States.Parse("exploitable", "state"));

        Assert.Equal(ErrorKind.InvalidInput, error.Kind);
        Assert.Equal("state 'exploitable' is not one of in_triage, affected, not_affected, fixed, false_positive", error.Message);
        Assert.False(TriageWords.States.TryParse(null, out _));
        Assert.False(TriageWords.States.TryParse("Affected", out _));
    }

    [Fact]
    public void A_table_must_give_every_value_its_own_word()
    {
        Assert.Throws<ArgumentException>(() => new EnumWords<FeedOrigin>((FeedOrigin.Download, "download")));
        Assert.Throws<ArgumentException>(() => new EnumWords<FeedOrigin>((FeedOrigin.Download, "x"), (FeedOrigin.Import, "x")));
        Assert.Throws<ArgumentException>(() => new EnumWords<FeedOrigin>((FeedOrigin.Download, "a"), (FeedOrigin.Download, "b")));
    }
}
