using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PanelHost.Plugins;

/// <summary>
/// Reads which contract version a module was compiled against from its metadata, without loading it: loading a
/// module built for another contract would already fail (or, worse, bind to the wrong types) inside the loader.
/// </summary>
internal static class ContractVersionReader
{
    public static Version? ReferencedVersion(string assemblyPath, string contractAssemblyName)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            return null;
        }

        var reader = pe.GetMetadataReader();
        foreach (var handle in reader.AssemblyReferences)
        {
            var reference = reader.GetAssemblyReference(handle);
            if (string.Equals(reader.GetString(reference.Name), contractAssemblyName, StringComparison.Ordinal))
            {
                return reference.Version;
            }
        }

        return null;
    }
}
