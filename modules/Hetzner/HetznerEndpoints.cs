using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Features.ChangeServerBackups;
using Panel.Modules.Hetzner.Features.ChangeSnapshotProtection;
using Panel.Modules.Hetzner.Features.CreateServerFromSnapshot;
using Panel.Modules.Hetzner.Features.CreateSnapshot;
using Panel.Modules.Hetzner.Features.DeleteSnapshot;
using Panel.Modules.Hetzner.Features.GetRestoreChoices;
using Panel.Modules.Hetzner.Features.GetRestoreOperation;
using Panel.Modules.Hetzner.Features.GetServerBackups;
using Panel.Modules.Hetzner.Features.GetServerCheck;
using Panel.Modules.Hetzner.Features.GetSettings;
using Panel.Modules.Hetzner.Features.GetSettingsSummary;
using Panel.Modules.Hetzner.Features.GetSnapshotOperation;
using Panel.Modules.Hetzner.Features.ListSnapshots;
using Panel.Modules.Hetzner.Features.PreviewPrune;
using Panel.Modules.Hetzner.Features.PruneExpired;
using Panel.Modules.Hetzner.Features.RebuildServerFromSnapshot;
using Panel.Modules.Hetzner.Features.RefreshSnapshots;
using Panel.Modules.Hetzner.Features.SaveApiToken;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;
using Panel.Modules.Hetzner.Features.SwitchServer;

namespace Panel.Modules.Hetzner;

/// <summary>Maps every use case's endpoint on the group the host gives the module (<c>/api/modules/hetzner</c>).</summary>
internal static class HetznerEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(string.Empty)
            // An instance: the generic overload compiles an activation expression at start-up for a filter without state.
            .AddEndpointFilter(new ModuleEndpointFilter())
            .WithTags("Hetzner");

        GetSettingsEndpoint.Map(group);
        GetSettingsSummaryEndpoint.Map(group);
        SaveApiTokenEndpoint.Map(group);
        SaveSnapshotSettingsEndpoint.Map(group);
        ListSnapshotsEndpoint.Map(group);
        RefreshSnapshotsEndpoint.Map(group);
        CreateSnapshotEndpoint.Map(group);
        GetSnapshotOperationEndpoint.Map(group);
        DeleteSnapshotEndpoint.Map(group);
        ChangeSnapshotProtectionEndpoint.Map(group);
        PruneExpiredEndpoint.Map(group);
        PreviewPruneEndpoint.Map(group);
        GetServerCheckEndpoint.Map(group);
        SwitchServerEndpoint.Map(group);
        GetRestoreChoicesEndpoint.Map(group);
        CreateServerFromSnapshotEndpoint.Map(group);
        RebuildServerFromSnapshotEndpoint.Map(group);
        GetRestoreOperationEndpoint.Map(group);
        GetServerBackupsEndpoint.Map(group);
        ChangeServerBackupsEndpoint.Map(group);
    }
}
