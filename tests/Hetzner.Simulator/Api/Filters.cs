using Hetzner.Simulator.Selectors;

namespace Hetzner.Simulator.Api;

/// <summary>Parsing shared by the list endpoints.</summary>
internal static class Filters
{
    public static LabelSelector Selector(QueryReader query)
    {
        try
        {
            return LabelSelector.Parse(query.Single("label_selector"));
        }
        catch (LabelSelectorException e)
        {
            throw ApiException.InvalidInput("label_selector", e.Message);
        }
    }

    /// <summary>An empty filter list means no filter.</summary>
    public static bool Allows<T>(IReadOnlyList<T> accepted, T value) => accepted.Count == 0 || accepted.Contains(value);
}
