using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PanelHost.Plugins;

/// <summary>
/// Reads what the module SDK recorded in a module at build time (<c>[assembly: AssemblyMetadata("PanelModule.Package",
/// "Id/Version")]</c>, one per package of its runtime closure) from its metadata, without loading it.
/// </summary>
internal static class ModuleBuildRecord
{
    public const string PackageKey = "PanelModule.Package";

    public static IReadOnlyList<(string Id, string Version)> Packages(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            return [];
        }

        var reader = pe.GetMetadataReader();
        var found = new List<(string, string)>();
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (!IsAssemblyMetadata(reader, attribute))
            {
                continue;
            }

            // AssemblyMetadataAttribute(string key, string value): prolog 0x0001, then two serialized strings.
            var blob = reader.GetBlobReader(attribute.Value);
            if (blob.ReadUInt16() != 1 || blob.ReadSerializedString() != PackageKey || blob.ReadSerializedString() is not { } value)
            {
                continue;
            }

            var slash = value.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0)
            {
                found.Add((value[..slash], value[(slash + 1)..]));
            }
        }

        return found;
    }

    private static bool IsAssemblyMetadata(MetadataReader reader, CustomAttribute attribute)
    {
        if (attribute.Constructor.Kind != HandleKind.MemberReference)
        {
            return false;
        }

        var parent = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
        return parent.Kind == HandleKind.TypeReference
            && reader.GetString(reader.GetTypeReference((TypeReferenceHandle)parent).Name) == "AssemblyMetadataAttribute";
    }
}
