using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Panel.Tests.Shared;

/// <summary>The host and the module run on compiled EF models (docs/adr/0009-startup.md). A compiled model must still
/// describe what OnModelCreating says, or a model change was made without running <c>dotnet ef dbcontext optimize</c>.
/// Linked into the test projects that own a context.</summary>
internal static class CompiledModelAssert
{
    public static void MatchesOnModelCreating<TCompiledModel>(DbContext db)
        where TCompiledModel : IModel
    {
        Assert.IsType<TCompiledModel>(db.Model);
        Assert.Equal(Describe(db.GetService<IDesignTimeModel>().Model), Describe(db.Model));
    }

    /// <summary>Tables, columns (store type, nullability, length, CLR type, converter, generation) and indexes: what
    /// the code relies on. The migrations differ cannot compare a read-optimised model, so they are compared as text.</summary>
    private static string Describe(IModel model) => string.Join('\n', model.GetRelationalModel().Tables.OrderBy(t => t.Name, StringComparer.Ordinal).SelectMany(t =>
        t.Columns.OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.PropertyMappings.First().Property is var p
                ? $"{t.Name}.{c.Name} {c.StoreType} null={c.IsNullable} max={p.GetMaxLength()} {p.ClrType.Name} {p.GetTypeMapping().Converter?.GetType().Name} {p.ValueGenerated}"
                : "")
            .Concat(t.Indexes.OrderBy(i => i.Name, StringComparer.Ordinal)
                .Select(i => $"{t.Name} index {i.Name} unique={i.IsUnique} ({string.Join(',', i.Columns.Select(c => c.Name))})"))));
}
