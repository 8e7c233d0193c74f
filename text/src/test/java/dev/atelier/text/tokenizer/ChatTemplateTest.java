package dev.atelier.text.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The prompt strings of the published templates (Meta-Llama-3-8B-Instruct's and ChatML's chat_template). */
class ChatTemplateTest {

    static final List<ChatMessage> CONVERSATION = List.of(
            ChatMessage.system("You are a helpful assistant."),
            ChatMessage.user("Hello!"),
            ChatMessage.assistant("Hi there."),
            ChatMessage.user("  What is 2+2?\n"));

    @Test
    void llama3() {
        assertEquals("<|begin_of_text|>"
                        + "<|start_header_id|>system<|end_header_id|>\n\nYou are a helpful assistant.<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nHello!<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\nHi there.<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n",
                ChatTemplate.llama3().render(CONVERSATION, true));
        assertEquals("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>",
                ChatTemplate.llama3().render(List.of(ChatMessage.user("Hi")), false));
        assertEquals("<|eot_id|>", ChatTemplate.llama3().endOfTurn().orElseThrow());
    }

    @Test
    void chatml() {
        assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                        + "<|im_start|>user\nHello!<|im_end|>\n"
                        + "<|im_start|>assistant\nHi there.<|im_end|>\n"
                        + "<|im_start|>user\n  What is 2+2?\n<|im_end|>\n"
                        + "<|im_start|>assistant\n",
                ChatTemplate.chatml().render(CONVERSATION, true));
        assertEquals("<|im_start|>user\nHi<|im_end|>\n", ChatTemplate.chatml().render(List.of(ChatMessage.user("Hi")), false));
        assertEquals("<|im_end|>", ChatTemplate.chatml().endOfTurn().orElseThrow());
    }

    @Test
    void detectsTheFormatOfAJinjaTemplate() {
        String llama3 = "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = "
                + "'<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' %}"
                + "{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}";
        String chatml = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}";
        assertEquals("ChatTemplate[llama3]", ChatTemplate.detect(llama3).orElseThrow().toString());
        assertEquals("ChatTemplate[chatml]", ChatTemplate.detect(chatml).orElseThrow().toString());
        assertTrue(ChatTemplate.detect("{{ messages }}").isEmpty());
        assertTrue(ChatTemplate.detect(null).isEmpty());
    }

    @Test
    void badMessages() {
        AtelierException e = assertThrows(AtelierException.class, () -> new ChatMessage(" ", "x"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("role", e.param());
        assertThrows(AtelierException.class, () -> new ChatMessage("user", null));
        assertThrows(AtelierException.class, () -> ChatTemplate.chatml().render(List.of(), false));
    }

    @Test
    void plainTextForBaseModelsJoinsTheContents() {
        ChatTemplate plain = ChatTemplate.plain();
        assertEquals("ROMEO:\nBut soft!\n\nJULIET:\n\n", plain.render(List.of(
                new ChatMessage("user", "ROMEO:\nBut soft! "), new ChatMessage("assistant", "JULIET:")), true));
        assertTrue(plain.endOfTurn().isEmpty());
    }
}
