// When typing in Markdown asks the server for completion again.
import { describe, expect, it } from 'vitest';
import { typingInCitation } from '../../../client/src/suggestTrigger';

describe('typingInCitation', () => {
  it('asks inside a citation being typed', () => {
    for (const before of ['See [@', 'See [@lun', '[@a; @', '[@a; @rib', 'As @doe', '[-@doe', '@', 'See [@skin cancer', '[see @esteva2017, p. 3; @skin c']) {
      expect(typingInCitation(before), before).toBe(true);
    }
  });
  it('does not ask in prose, e-mail addresses or after a closed citation', () => {
    for (const before of ['Plain prose here', 'mail someone@example', 'See [@a] and more', 'See [@a]', '[@a, p. 3] then text']) {
      expect(typingInCitation(before), before).toBe(false);
    }
  });
});
