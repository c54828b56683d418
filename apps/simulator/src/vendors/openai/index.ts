export { chatCompletionsSimulator, type TChatCompletionRequest, type TChatCompletionsSimulator, type TChatCompletionsState, type TScriptedAnswer } from "./chat-completions-simulator";
