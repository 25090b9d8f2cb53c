using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigil.Storage.Migrations;

/// <summary>What reports were mailed, to whom and when.</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261124000003_Notifications")]
public sealed class Notifications : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "notifications",
            columns: t => new
            {
                id = t.Column<string>(nullable: false),
                subject = t.Column<string>(nullable: false),
                scope = t.Column<string>(nullable: false),
                state_key = t.Column<string>(nullable: false),
                recipients = t.Column<string>(nullable: false),
                sent_at = t.Column<long>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_notifications", x => x.id));
        migrationBuilder.CreateIndex("ix_notifications_scope_state", "notifications", ["scope", "state_key"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("notifications");
}
