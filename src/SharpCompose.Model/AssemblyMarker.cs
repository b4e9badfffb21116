namespace SharpCompose.Model;

internal static class AssemblyMarker { }
