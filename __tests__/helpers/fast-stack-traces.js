// cdktf records a full stack trace for every token it creates (Intrinsic.creationStack,
// shown only in some error messages). Under Jest, source-map-support maps every frame of
// every such trace, which tripled synth time. In tests the trace is left empty, by the
// synth's own trim (constructs/startup.ts), which finds the hook on cdktf and CDK Terrain.
require('../../constructs/startup').trimFrameworkTokenTraces();
