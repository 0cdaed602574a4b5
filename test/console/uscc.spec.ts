import { usccCheckCharacter } from '../../src/org/index.js';
import { usccMessage } from '../../web/src/uscc.js';
import { validUscc } from '../support/fixtures.js';

describe('the console’s USCC check (web/src/uscc.ts) agrees with the API’s', () => {
  it('accepts valid codes, lower case too', () => {
    for (let i = 0; i < 50; i += 1) {
      const code = validUscc();
      expect(usccMessage(code)).toBeNull();
      expect(usccMessage(code.toLowerCase())).toBeNull();
    }
  });

  it('says in Chinese what is wrong', () => {
    const code = validUscc();
    const body = code.slice(0, 17);
    const wrong = '0123456789ABCDEFGHJKLMNPQRTUWXY'.split('').find((c) => c !== usccCheckCharacter(body))!;
    expect(usccMessage(body + wrong)).toBe(`统一社会信用代码校验位不符（第 18 位应为 ${usccCheckCharacter(body)}），请核对。`);
    expect(usccMessage(body)).toContain('18 位');
    expect(usccMessage(`${body.slice(0, 16)}I${code[17]}`)).toContain('不含 I、O、S、V、Z');
  });
});
