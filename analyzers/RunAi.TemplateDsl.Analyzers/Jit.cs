using System.Runtime.CompilerServices;

namespace RunAi.TemplateDsl.Analyzers;

/// <summary>JIT hints for the analyzer's hot paths.</summary>
internal static class Jit
{
    /// <summary>
    /// <c>MethodImplOptions.AggressiveOptimization</c> (not in netstandard2.0's enum, honoured by the runtimes that run
    /// compilers): a compile is too short for tiered JIT to promote the evaluator from its unoptimized first tier.
    /// </summary>
    public const MethodImplOptions Hot = (MethodImplOptions)512;
}
