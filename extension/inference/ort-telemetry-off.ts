// onnxruntime's native library reports usage to Microsoft unless ORT_DISABLE_TELEMETRY is set when it
// loads: on Linux and macOS it writes a device id and an event store under
// ~/.cache/Microsoft/DeveloperTools/.onnxruntime and looks up mobile.events.data.microsoft.com. SciWrite
// sends no telemetry, so every module that imports onnxruntime-node imports this one first.
process.env.ORT_DISABLE_TELEMETRY = '1';
