using Vigil.Common;

namespace Vigil.Tests.Common;

/// <summary>One reading of "7d", "18m" and "2y" for ages, report periods, key validity and rotation.</summary>
public sealed class DurationsTests
{
    [Theory]
    [InlineData("90s", 0, 0, 90)]
    [InlineData("24h", 1, 0, 0)]
    [InlineData("7d", 7, 0, 0)]
    [InlineData("2w", 14, 0, 0)]
    [InlineData("18m", 540, 0, 0)]
    [InlineData("2y", 730, 0, 0)]
    [InlineData("0d", 0, 0, 0)]
    public void Each_unit_means_one_length(string text, int days, int hours, int seconds)
    {
        Assert.Equal(new TimeSpan(days, hours, 0, seconds), Durations.Parse(text, "--since"));
    }

    [Theory]
    [InlineData("7")]
    [InlineData("d")]
    [InlineData("7x")]
    [InlineData("-1d")]
    [InlineData("1.5d")]
    [InlineData("99999999999999999999y")]
    [InlineData("")]
    public void Anything_else_is_a_one_line_error_naming_the_setting(string text)
    {
        var error = Assert.Throws<VigilException>(() => Durations.Parse(text, "--since"));

        Assert.Equal($"--since '{text}' is not a length of time: expected a number and a unit, e.g. 24h, 7d, 2w, 18m, 2y", error.Message);
    }
}
