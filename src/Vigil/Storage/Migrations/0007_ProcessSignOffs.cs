using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigil.Storage.Migrations;

/// <summary>Process sign-offs made through the server (approvals, code reviews, test runs), by authenticated users.</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261126000007_ProcessSignOffs")]
public sealed class ProcessSignOffs : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "process_attestations",
            columns: t => new
            {
                id = t.Column<string>(nullable: false),
                kind = t.Column<string>(nullable: false),
                subject = t.Column<string>(nullable: false),
                person = t.Column<string>(nullable: false),
                role = t.Column<string>(nullable: true),
                result = t.Column<string>(nullable: true),
                counterpart = t.Column<string>(nullable: true),
                at = t.Column<long>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_process_attestations", x => x.id));
        // One approval per person and requirement, whichever server records it (SR-5: distinct people).
        migrationBuilder.Sql("CREATE UNIQUE INDEX ix_process_attestations_approver ON process_attestations (subject, person) WHERE kind = 'approval'");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("process_attestations");
}
