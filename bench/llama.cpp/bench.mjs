// llama.cpp as the peer of `atelier text bench`: the same GGUF file, the same thread count, a
// prompt of N tokens evaluated in one batch (prefill), then M greedy decode steps.
// Usage: node bench.mjs MODEL.gguf [promptTokens=128] [decodeTokens=32] [threads=2]
// Install once: npm install --no-package-lock --omit=optional --ignore-scripts
// (prebuilt llama.cpp binaries from npm, versions pinned in package.json; nothing is built)
import {getLlama, LlamaLogLevel} from "node-llama-cpp";

const [modelPath, promptArg = "128", decodeArg = "32", threadArg = "2"] = process.argv.slice(2);
if (!modelPath) {
    console.error("usage: node bench.mjs MODEL.gguf [promptTokens] [decodeTokens] [threads]");
    process.exit(2);
}
const promptTokens = Number(promptArg), decodeTokens = Number(decodeArg), threads = Number(threadArg);

const llama = await getLlama({gpu: false, build: "never", logLevel: LlamaLogLevel.error});
const model = await llama.loadModel({modelPath, gpuLayers: 0});
const context = await model.createContext({contextSize: 1024, batchSize: 512, threads, sequences: 1});
const sequence = context.getSequence();
// Any text will do (with random weights its meaning is moot): the file's own tokenizer cuts it.
const text = "Now is the winter of our discontent made glorious summer by this sun of York. ".repeat(64);
const prompt = model.tokenize(text).slice(0, promptTokens);
if (prompt.length < promptTokens) throw new Error(`the text gives only ${prompt.length} tokens`);

async function prefill() {
    await sequence.clearHistory();
    const start = process.hrtime.bigint();
    await sequence.evaluateWithoutGeneratingNewTokens(prompt);
    return Number(process.hrtime.bigint() - start) / 1e9;
}

await prefill(); // warm-up: page the weights in, size the buffers
const prefillSeconds = Math.min(await prefill(), await prefill());

// Decode: each step evaluates the previous token and samples greedily (temperature 0).
let steps = 0, first = 0n, last = 0n;
for await (const token of sequence.evaluate([prompt[prompt.length - 1]], {temperature: 0})) {
    const now = process.hrtime.bigint();
    if (steps === 0) first = now; else last = now;
    if (++steps > decodeTokens) break;
}
const decodeSeconds = Number(last - first) / 1e9;
console.log(JSON.stringify({
    model: modelPath, threads, promptTokens, decodeTokens,
    prefillTokensPerSecond: +(promptTokens / prefillSeconds).toFixed(1),
    decodeTokensPerSecond: +(decodeTokens / decodeSeconds).toFixed(1),
    llamaCpp: "node-llama-cpp 3.22.1 prebuilt (ggml CPU backend chosen for this CPU)"
}));
await context.dispose();
await model.dispose();
