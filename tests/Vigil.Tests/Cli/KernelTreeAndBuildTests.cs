using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary>Questions 2 and 3 through the CLI: fixes found in a real git tree, cip-kernel-sec's word, what is built.</summary>
public sealed class KernelTreeAndBuildTests : IDisposable
{
    // Mainline fix commits named in the fixture records.
    private const string Fix26581 = "60c0c230c6f046da536d3df8b39a20b9a9fd6af0";
    private const string Fix38635 = "8ee1b439b1540ae543149b15a2a61b9dff937d91";

    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private string DataDir => Path.Combine(home.Path, "data");

    private async Task<CliResult> Vigil(params string[] args)
    {
        var result = await CliRunner.RunAsync(null, home.Path, [.. args, "--data-dir", DataDir]);
        return result;
    }

    private async Task<Dictionary<string, (string Status, string Reason)>> Scan(params string[] args)
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "kernel", KernelFixture.Root)).ExitCode);
        var result = await Vigil(["kernel", "scan", "--format", "json", .. args]);
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonDocument.Parse(result.Out).RootElement.GetProperty("findings").EnumerateArray()
            .ToDictionary(f => f.GetProperty("cve").GetString()!, f => (f.GetProperty("status").GetString()!, f.GetProperty("reason").GetString()!));
    }

    private GitRepo CipTree()
    {
        var repo = new GitRepo(Path.Combine(home.Path, "linux"));
        repo.Commit("Linux 6.1");
        repo.Tag("v6.1");
        repo.Commit("mm: unrelated stable change\n\ncommit 1111111111111111111111111111111111111111 upstream.\n");
        repo.Commit($"netfilter: nft_set_rbtree: skip end interval element from gc\n\ncommit {Fix26581} upstream.\n\nSigned-off-by: Stable <stable@example.invalid>");
        repo.Commit($"soundwire: cadence: fix invalid PDI offset\n\n(cherry picked from commit {Fix38635})\nSigned-off-by: CIP <cip@example.invalid>");
        return repo;
    }

    [Fact]
    public async Task Backports_with_other_commit_ids_count_as_fixed_in_the_tree()
    {
        var repo = CipTree();

        var findings = await Scan("--version", "6.1.50-cip5", "--git-repo", repo.Path);

        Assert.Equal("fixed", findings["CVE-2024-26581"].Status);
        Assert.StartsWith($"backport ", findings["CVE-2024-26581"].Reason, StringComparison.Ordinal);
        Assert.Contains($"of fix {Fix26581[..12]} is in the tree", findings["CVE-2024-26581"].Reason, StringComparison.Ordinal);
        Assert.Equal("fixed", findings["CVE-2024-38635"].Status);
        Assert.Equal("affected", findings["CVE-2023-52920"].Status);
    }

    [Fact]
    public async Task Upstream_commit_citation_in_brackets_counts_too()
    {
        var repo = new GitRepo(Path.Combine(home.Path, "linux"));
        repo.Commit("Linux 6.1");
        repo.Tag("v6.1");
        repo.Commit($"netfilter: nft_set_rbtree: skip end interval element from gc\n\n[ Upstream commit {Fix26581} ]\n");

        var findings = await Scan("--version", "6.1.50", "--git-repo", repo.Path);

        Assert.Equal("fixed", findings["CVE-2024-26581"].Status);
    }

    [Fact]
    public async Task History_before_the_branch_point_is_not_read()
    {
        var repo = new GitRepo(Path.Combine(home.Path, "linux"));
        repo.Commit($"an old backport before the branch point\n\ncommit {Fix26581} upstream.\n");
        repo.Commit("Linux 6.1");
        repo.Tag("v6.1");

        var findings = await Scan("--version", "6.1.50", "--git-repo", repo.Path);

        Assert.Equal("affected", findings["CVE-2024-26581"].Status);
    }

    [Fact]
    public async Task A_second_run_reads_only_the_new_commits()
    {
        var repo = CipTree();
        await Scan("--version", "6.1.50", "--git-repo", repo.Path);
        repo.Commit("a new commit on the branch");

        var second = await Vigil("kernel", "scan", "--version", "6.1.50", "--git-repo", repo.Path, "--format", "json");

        Assert.Contains("4 commits since v6.1 (3 from cache), 3 cite an upstream commit", second.Error, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
    }

    [Fact]
    public async Task Missing_branch_point_tag_says_what_to_pass()
    {
        var repo = new GitRepo(Path.Combine(home.Path, "linux"));
        repo.Commit("no tags here");
        Assert.Equal(0, (await Vigil("feeds", "import", "kernel", KernelFixture.Root)).ExitCode);

        var result = await Vigil("kernel", "scan", "--version", "6.1.50", "--git-repo", repo.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("branch point 'v6.1' is not in", result.Error, StringComparison.Ordinal);
        Assert.Contains("pass --branch-point", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_a_git_repository_is_one_line_with_exit_1()
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "kernel", KernelFixture.Root)).ExitCode);

        var result = await Vigil("kernel", "scan", "--version", "6.1.50", "--git-repo", home.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"vigil: error: {home.Path} is not a git repository", result.Error, StringComparison.Ordinal);
    }

    private async Task ImportCipKernelSec(string issuesYaml)
    {
        var root = Path.Combine(home.Path, "cip-kernel-sec");
        Directory.CreateDirectory(Path.Combine(root, "issues"));
        foreach (var (id, yaml) in issuesYaml.Split("---\n").Select(part => (part[..part.IndexOf('\n')].Trim('#', ' '), part[(part.IndexOf('\n') + 1)..])))
        {
            File.WriteAllText(Path.Combine(root, "issues", id + ".yml"), yaml);
        }
        var result = await Vigil("feeds", "import", "cip-kernel-sec", root);
        Assert.True(result.ExitCode == 0, result.Error);
    }

    [Fact]
    public async Task Cip_kernel_sec_ignore_and_fix_apply_to_the_named_branch()
    {
        await ImportCipKernelSec(
            "# CVE-2023-52920\nignore:\n  cip/6.1: No member enables BPF\n  cip/6.1-rt: No member enables BPF\n---\n"
            + "# CVE-2024-38635\nfixed-by:\n  cip/6.1: [0123456789abcdef0123456789abcdef01234567]\n  mainline: [8ee1b439b1540ae543149b15a2a61b9dff937d91]\n");

        var cip = await Scan("--version", "6.1.50-cip5");
        var other = await Scan("--version", "6.1.50");

        Assert.Equal("ignored", cip["CVE-2023-52920"].Status);
        Assert.StartsWith("cip-kernel-sec ignores it for cip/6.1: No member enables BPF", cip["CVE-2023-52920"].Reason, StringComparison.Ordinal);
        Assert.Equal("fixed", cip["CVE-2024-38635"].Status);
        Assert.Contains("not checked against a git tree", cip["CVE-2024-38635"].Reason, StringComparison.Ordinal);
        Assert.Equal("affected", other["CVE-2023-52920"].Status);
    }

    [Fact]
    public async Task Cip_kernel_sec_fix_commit_found_in_the_tree_counts_as_fixed()
    {
        var repo = new GitRepo(Path.Combine(home.Path, "linux"));
        repo.Commit("Linux 6.1");
        repo.Tag("v6.1");
        var cipFix = repo.Commit("bpf: CIP's own fix for the verifier");
        await ImportCipKernelSec($"# CVE-2023-52920\nfixed-by:\n  cip/6.1: [{cipFix}]\n");

        var findings = await Scan("--version", "6.1.50-cip5", "--git-repo", repo.Path);

        Assert.Equal("fixed", findings["CVE-2023-52920"].Status);
        Assert.StartsWith($"fix {cipFix[..12]} is in the tree", findings["CVE-2023-52920"].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Real_cip_kernel_sec_files_import_with_anchors_and_aliases()
    {
        var result = await Vigil("feeds", "import", "cip-kernel-sec", Fixture.Path("cip-kernel-sec"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("3 issues", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_cip_kernel_sec_yaml_names_file_and_line()
    {
        var root = Path.Combine(home.Path, "cks");
        Directory.CreateDirectory(Path.Combine(root, "issues"));
        File.WriteAllText(Path.Combine(root, "issues", "CVE-2024-1234.yml"), "description: x\nfixed-by:\n  cip/4.19: abc\n");

        var result = await Vigil("feeds", "import", "cip-kernel-sec", root);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("vigil: error: issues/CVE-2024-1234.yml:3: expected fixed-by.cip/4.19 to be a list of commit ids\n", result.Error);
    }

    [Fact]
    public async Task Cves_whose_files_are_all_outside_the_build_are_not_built_but_still_listed()
    {
        var list = home.Write("compiled.txt", "# compiled sources\ninit/main.c\nkernel/fork.c\nmm/memory.c\nnet/netfilter/nf_tables_api.c\ndrivers/soundwire/cadence_master.c\n");

        var findings = await Scan("--version", "6.6.10", "--compiled-files", list);

        Assert.Equal("not-built", findings["CVE-2024-26581"].Status);
        Assert.StartsWith("net/netfilter/nft_set_rbtree.c is not in the build", findings["CVE-2024-26581"].Reason, StringComparison.Ordinal);
        Assert.Equal("affected", findings["CVE-2024-38635"].Status);
    }

    [Fact]
    public async Task Build_directory_o_cmd_files_name_sources_and_headers()
    {
        var build = Path.Combine(home.Path, "build");
        home.Write("build/net/netfilter/.nft_set_rbtree.o.cmd",
            "savedcmd_net/netfilter/nft_set_rbtree.o := gcc -c net/netfilter/nft_set_rbtree.c\n\n"
            + "source_net/netfilter/nft_set_rbtree.o := /src/linux/net/netfilter/nft_set_rbtree.c\n\n"
            + "deps_net/netfilter/nft_set_rbtree.o := \\\n  include/linux/compiler-version.h \\\n    $(wildcard include/config/CC_VERSION_TEXT) \\\n  include/linux/bpf_verifier.h \\\n\n");
        foreach (var always in new[] { "init/main", "kernel/fork", "mm/memory" })
        {
            home.Write($"build/{Path.GetDirectoryName(always)}/.{Path.GetFileName(always)}.o.cmd", $"source_{always}.o := /src/linux/{always}.c\n");
        }

        var findings = await Scan("--version", "6.6.10", "--build-dir", build);

        Assert.Equal("affected", findings["CVE-2024-26581"].Status);
        Assert.Equal("not-built", findings["CVE-2024-38635"].Status);
        // One of CVE-2023-52920's files is a header the build included.
        Assert.Equal("affected", findings["CVE-2023-52920"].Status);
    }

    [Theory]
    [InlineData("""{"spdxVersion":"SPDX-2.3","files":[{"fileName":"./net/netfilter/nft_set_rbtree.c"},{"fileName":"./init/main.c"},{"fileName":"./kernel/fork.c"},{"fileName":"./mm/memory.c"}]}""")]
    [InlineData("""{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[{"type":"software_File","name":"net/netfilter/nft_set_rbtree.c"},{"type":"software_File","name":"init/main.c"},{"type":"software_File","name":"kernel/fork.c"},{"type":"software_File","name":"mm/memory.c"}]}""")]
    public async Task Spdx_2_and_3_sboms_give_the_compiled_sources(string sbom)
    {
        var path = home.Write("kernel.spdx.json", sbom);

        var findings = await Scan("--version", "6.6.10", "--spdx", path);

        Assert.Equal("affected", findings["CVE-2024-26581"].Status);
        Assert.Equal("not-built", findings["CVE-2024-38635"].Status);
    }

    [Fact]
    public async Task Kbuild_and_config_derive_the_built_files_and_say_so()
    {
        var source = Path.Combine(home.Path, "src");
        home.Write("src/Kbuild", "obj-y += init/ kernel/ mm/\nobj-$(CONFIG_NET) += net/\nobj-y += drivers/\nobj-y += arch/$(SRCARCH)/\n");
        home.Write("src/kernel/Makefile", "obj-y := fork.o\n");
        home.Write("src/kernel/fork.c", "");
        home.Write("src/mm/Makefile", "mmu-$(CONFIG_MMU) := memory.o\nobj-y += $(mmu-y)\n");
        home.Write("src/mm/memory.c", "");
        home.Write("src/Makefile", "# top-level Makefile\nVERSION = 6\n");
        home.Write("src/init/Makefile", "obj-y := main.o\n");
        home.Write("src/init/main.c", "");
        home.Write("src/arch/x86/Makefile", "obj-y += kernel/\n");
        home.Write("src/arch/x86/kernel/Makefile", "obj-y += setup.o\n");
        home.Write("src/arch/x86/kernel/setup.c", "");
        home.Write("src/net/Makefile", "obj-$(CONFIG_NETFILTER) += netfilter/\n");
        home.Write("src/net/netfilter/Makefile",
            "nf_tables-objs := nf_tables_core.o nf_tables_api.o \\\n\t\t  nft_set_hash.o\nnf_tables-$(CONFIG_NFT_SET_RBTREE) += nft_set_rbtree.o\nobj-$(CONFIG_NF_TABLES) += nf_tables.o\n"
            + "ifdef CONFIG_NF_CONNTRACK\nobj-y += nf_conntrack_core.o\nendif\n");
        foreach (var file in new[] { "nf_tables_core.c", "nf_tables_api.c", "nft_set_hash.c", "nft_set_rbtree.c", "nf_conntrack_core.c" })
        {
            home.Write($"src/net/netfilter/{file}", "");
        }
        home.Write("src/drivers/Makefile", "obj-$(CONFIG_SOUNDWIRE) += soundwire/\n");
        home.Write("src/drivers/soundwire/Makefile", "obj-y += cadence_master.o\n");
        home.Write("src/drivers/soundwire/cadence_master.c", "");
        var withRbtree = home.Write("with.config", "CONFIG_X86=y\nCONFIG_MMU=y\nCONFIG_NET=y\nCONFIG_NETFILTER=y\nCONFIG_NF_TABLES=m\nCONFIG_NFT_SET_RBTREE=y\n# CONFIG_SOUNDWIRE is not set\n");
        var without = home.Write("without.config", "CONFIG_X86=y\nCONFIG_MMU=y\nCONFIG_NET=y\nCONFIG_NETFILTER=y\nCONFIG_NF_TABLES=m\n");

        var built = await Scan("--version", "6.6.10", "--kconfig", withRbtree, "--source", source);
        var notBuilt = await Scan("--version", "6.6.10", "--kconfig", without, "--source", source);

        Assert.Equal("affected", built["CVE-2024-26581"].Status);
        Assert.Equal("not-built", notBuilt["CVE-2024-26581"].Status);
        Assert.Contains("(config-derived)", notBuilt["CVE-2024-26581"].Reason, StringComparison.Ordinal);
        Assert.Equal("not-built", built["CVE-2024-38635"].Status);
    }

    [Fact]
    public async Task Malformed_config_line_names_file_and_line()
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "kernel", KernelFixture.Root)).ExitCode);
        var config = home.Write(".config", "CONFIG_X86=y\nthis is not a config line\n");
        Directory.CreateDirectory(Path.Combine(home.Path, "src"));

        var result = await Vigil("kernel", "scan", "--version", "6.6.10", "--kconfig", config, "--source", Path.Combine(home.Path, "src"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"vigil: error: {config}:2: expected CONFIG_NAME=value as in a kernel .config, got 'this is not a config line'\n", result.Error);
    }
}
