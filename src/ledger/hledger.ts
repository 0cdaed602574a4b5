/**
 * The journal in hledger's format, so that anyone can re-check the books with an independent tool
 * (`hledger -f export.journal balance`). Accounts are named `<code> <name>[:<code> <name>]:<union code>`, so
 * `--depth 1` gives the first-level accounts of the trial balance and deeper levels each union's sub-ledger.
 * Amounts are debit-positive, credit-negative, in yuan with two places; every transaction balances because every
 * union's part of an entry balances (invariant 1), which hledger checks again on reading.
 */
export interface HledgerPosting {
  account: string;
  amount: string;
}

export interface HledgerTransaction {
  date: string;
  code: string;
  description: string;
  comment?: string;
  postings: HledgerPosting[];
}

/** hledger ends an account name at two spaces or a tab, and reads `;` as a comment: keep names on one safe line. */
export function hledgerName(text: string): string {
  return text.replace(/[\t\r\n;]/g, ' ').replace(/ {2,}/g, ' ').trim();
}

export function hledgerJournal(header: string[], transactions: HledgerTransaction[]): string {
  const out: string[] = header.map((line) => `; ${line.replace(/[\r\n]/g, ' ')}`);
  out.push('');
  for (const tx of transactions) {
    out.push(`${tx.date} * (${hledgerName(tx.code)}) ${hledgerName(tx.description)}`);
    if (tx.comment) out.push(`    ; ${tx.comment.replace(/[\r\n]/g, ' ')}`);
    for (const posting of tx.postings) out.push(`    ${hledgerName(posting.account)}    ${posting.amount}`);
    out.push('');
  }
  return out.join('\n');
}
