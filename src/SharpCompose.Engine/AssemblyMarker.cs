namespace SharpCompose.Engine;

internal static class AssemblyMarker { }
