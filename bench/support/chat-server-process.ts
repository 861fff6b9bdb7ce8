// The chat server test double in its own process, answering instantly (for engine.bench.ts).
import { startChatServer } from '../../test/support/chatServer';

void startChatServer(() => ({ content: 'Step 1: I look at the clip. Step 2: the person rides a board on a wave. So the answer is surfing.' }), { record: false }).then((s) => {
  process.send?.({ url: s.url });
});
