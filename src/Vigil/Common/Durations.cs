using System.Globalization;

namespace Vigil.Common;

/// <summary>
/// Lengths of time as people write them for ages, report periods, key validity and rotation: a whole number and a
/// unit, s (seconds), h (hours), d (days), w (weeks), m (months of 30 days), y (years of 365 days). One parser for
/// all of them, so "7d" and "1y" mean the same everywhere.
/// </summary>
public static class Durations
{
    public static TimeSpan Parse(string text, string what)
    {
        if (text.Length >= 2 && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 100_000)
        {
            switch (text[^1])
            {
                case 's':
                    return TimeSpan.FromSeconds(n);
                case 'h':
                    return TimeSpan.FromHours(n);
                case 'd':
                    return TimeSpan.FromDays(n);
                case 'w':
                    return TimeSpan.FromDays(7 * n);
                case 'm':
                    return TimeSpan.FromDays(30 * n);
                case 'y':
                    return TimeSpan.FromDays(365 * n);
            }
        }
        throw new VigilException($"{what} '{text}' is not a length of time: expected a number and a unit, e.g. 24h, 7d, 2w, 18m, 2y");
    }
}
