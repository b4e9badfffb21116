namespace SharpCompose.Orchestration;

internal static class AssemblyMarker { }
