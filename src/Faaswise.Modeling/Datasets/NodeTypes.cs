namespace Faaswise.Modeling.Datasets;

/// <summary>DFaaS's three node classes: the folder names of its datasets, their cores, and the agent's codes.</summary>
public static class NodeTypes
{
    private static readonly (string Name, int Cores, int Code)[] Known = [("HEAVY", 6, 0), ("MID", 4, 1), ("LIGHT", 2, 2)];

    /// <summary>The class a folder name stands for, or null.</summary>
    public static NodeSpec? FromFolderName(string name)
    {
        foreach (var (known, cores, _) in Known)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase)) return new NodeSpec(known, cores, null);
        }

        return null;
    }

    /// <summary>The node class of DFaaS's numeric code (the agent's <c>node_type</c>), or null.</summary>
    public static NodeSpec? FromDfaasCode(int code)
    {
        foreach (var (name, cores, known) in Known)
        {
            if (known == code) return new NodeSpec(name, cores, null);
        }

        return null;
    }

    /// <summary>DFaaS's code for a node: by class name, else by cores (6 or more HEAVY, 4-5 MID, fewer LIGHT).</summary>
    public static int DfaasCode(string type, int cores)
    {
        foreach (var (name, _, code) in Known)
        {
            if (string.Equals(name, type, StringComparison.OrdinalIgnoreCase)) return code;
        }

        return cores >= 6 ? 0 : cores >= 4 ? 1 : 2;
    }
}
