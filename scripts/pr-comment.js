// Posts `resoc diff --format md` as one comment on the pull request, and keeps it current: a
// later run edits the comment it wrote before (found by its marker) instead of adding another.
// Run by actions/github-script in .github/workflows/validate.yml; tests/test_workflow.py runs it
// under node with a stand-in for GitHub's API.

const fs = require('fs');

const MARKER = '<!-- resoc diff -->';
// GitHub refuses a comment over 65,536 characters; the step summary (1 MiB) keeps the whole diff.
const LIMIT = 60000;

// The diff cut at the last whole record that fits: each record is a '#### ' heading and its
// diff block, so a cut never leaves a code block open.
function fitted(markdown, limit = LIMIT) {
  if (markdown.length <= limit) {
    return markdown;
  }
  const records = markdown.split(/\n(?=#### )/);
  let body = records[0];
  let shown = 0;
  for (const record of records.slice(1)) {
    if (body.length + record.length + 1 > limit) {
      break;
    }
    body += '\n' + record;
    shown += 1;
  }
  const left = records.length - 1 - shown;
  return `${body}\n\n**${left} more record(s) changed**: the whole diff is in the summary of the workflow run.\n`;
}

async function post({ github, context }, file) {
  const { owner, repo } = context.repo;
  const issue_number = context.issue.number;
  const body = `${MARKER}\n${fitted(fs.readFileSync(file, 'utf8'))}`;
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number });
  const earlier = comments.find((c) => c.user && c.user.type === 'Bot' && (c.body || '').startsWith(MARKER));
  if (earlier) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: earlier.id, body });
  } else {
    await github.rest.issues.createComment({ owner, repo, issue_number, body });
  }
}

module.exports = { post, fitted, MARKER, LIMIT };
