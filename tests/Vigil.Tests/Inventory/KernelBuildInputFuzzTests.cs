using Vigil.Common;
using Vigil.Feeds.CipKernelSec;
using Vigil.Inventory;
using Vigil.Tests.Support;

namespace Vigil.Tests.Inventory;

/// <summary>The kernel-side inputs users hand over (cip-kernel-sec YAML, .o.cmd files, SPDX, .config and Kbuild)
/// fed truncated and random text: each either reads or fails with a VigilException, never a crash or a hang.</summary>
public sealed class KernelBuildInputFuzzTests : IDisposable
{
    private readonly TempDirectory work = new();
    private readonly Random random = new(2026);

    public void Dispose() => work.Dispose();

    private string Mangle(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < 1 + random.Next(8); i++)
        {
            const string alphabet = "{}[]:-\\\n $()#\"',&*!|>";
            chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
        }
        return random.Next(3) == 0 ? new string(chars)[..random.Next(chars.Length)] : new string(chars);
    }

    private static void CleanlyOrNot(Action action)
    {
        try
        {
            action();
        }
        catch (VigilException e)
        {
            Assert.DoesNotContain("\n", e.Message.TrimEnd(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cip_kernel_sec_yaml()
    {
        var real = File.ReadAllText(Fixture.Path("cip-kernel-sec/issues/CVE-2015-7566.yml"));
        for (var i = 0; i < 1500; i++)
        {
            var text = Mangle(real);
            CleanlyOrNot(() => CipKernelSecReader.Parse(text, "issue.yml", "CVE-2015-7566"));
        }
    }

    [Fact]
    public void O_cmd_files()
    {
        const string real = "savedcmd_a.o := gcc\nsource_a.o := net/a.c\ndeps_a.o := \\\n  include/linux/x.h \\\n  $(wildcard include/config/Y) \\\n\n";
        for (var i = 0; i < 300; i++)
        {
            var dir = Path.Combine(work.Path, $"build{i}");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, ".a.o.cmd"), Mangle(real));
            CleanlyOrNot(() => KernelBuild.FromBuildDirectory(dir).Builds("net/a.c"));
        }
    }

    [Fact]
    public void Spdx_documents()
    {
        const string real = """{"spdxVersion":"SPDX-2.3","files":[{"fileName":"./net/a.c","SPDXID":"SPDXRef-1"}],"@graph":[{"type":"software_File","name":"b.c"}]}""";
        for (var i = 0; i < 1000; i++)
        {
            var path = work.Write("sbom.json", Mangle(real));
            CleanlyOrNot(() => KernelBuild.FromSbom(path));
        }
    }

    [Fact]
    public void Config_and_kbuild_files()
    {
        const string config = "CONFIG_X86=y\nCONFIG_NET=y\n# CONFIG_FOO is not set\nCONFIG_NAME=\"x\"\n";
        const string makefile = "obj-y += a.o sub/\nifdef CONFIG_NET\nobj-$(CONFIG_NET) += b.o\nelse\nobj-y += c.o\nendif\nx-objs := a.o \\\n b.o\nobj-y += ../../../etc/\n";
        for (var i = 0; i < 300; i++)
        {
            var source = Path.Combine(work.Path, $"src{i}");
            Directory.CreateDirectory(Path.Combine(source, "sub"));
            File.WriteAllText(Path.Combine(source, "Kbuild"), Mangle(makefile));
            File.WriteAllText(Path.Combine(source, "sub", "Makefile"), Mangle(makefile));
            File.WriteAllText(Path.Combine(source, "a.c"), "");
            var configPath = work.Write($"config{i}", Mangle(config));
            CleanlyOrNot(() => KernelBuild.FromKbuild(source, configPath, "x86"));
        }
    }

    [Fact]
    public void Kbuild_never_leaves_the_source_tree()
    {
        var source = Path.Combine(work.Path, "tree");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "Kbuild"), "obj-y += ../ ../../ a.o init/ kernel/ mm/\n");
        File.WriteAllText(Path.Combine(work.Path, "outside.c"), "");
        foreach (var always in new[] { "init/main", "kernel/fork", "mm/memory" })
        {
            Directory.CreateDirectory(Path.Combine(source, Path.GetDirectoryName(always)!));
            File.WriteAllText(Path.Combine(source, Path.GetDirectoryName(always)!, "Makefile"), $"obj-y += {Path.GetFileName(always)}.o\n");
            File.WriteAllText(Path.Combine(source, always + ".c"), "");
        }
        var config = work.Write("c", "CONFIG_X86=y\n");

        var build = KernelBuild.FromKbuild(source, config, null);

        Assert.False(build.Builds("outside.c"));
    }
}
