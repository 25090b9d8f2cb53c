using Microsoft.Extensions.DependencyInjection;
using Vigil.Application;
using Vigil.Common;
using Vigil.Storage;

namespace Vigil.Tests.Support;

/// <summary>Vigil's services as a front end gets them (<see cref="VigilServices.AddVigil"/>), on a data directory and the default SQLite database in it.</summary>
public sealed class TestVigil : IDisposable
{
    private readonly ServiceProvider provider;
    private readonly IServiceScope scope;

    public TestVigil(string dataDirectory, string? database = null, Func<string, string?>? variable = null, TimeProvider? clock = null)
    {
        Data = new DataDirectory(dataDirectory);
        var services = new ServiceCollection();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }
        services.AddVigil(new VigilSettings(Data, () => DatabaseLocation.Resolve(database, Data), variable ?? (_ => null), "0.0.0-test", _ => { }, new Vigil.Audit.Actor("test:runner", "test")));
        provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        scope = provider.CreateScope();
    }

    public DataDirectory Data { get; }

    public T Use<T>() where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public void Dispose()
    {
        scope.Dispose();
        provider.Dispose();
    }
}

/// <summary>The real clock, which a test can move ahead (time still passes between readings).</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Shift { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
}
