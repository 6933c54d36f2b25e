import { classify } from '../../../verify/checkov-gate';

// The gate itself, on a hand-made stack and checkov report (checkov is not needed here).
const stack = {
  resource: {
    aws_lb_target_group: { tg_1: { '//': { checkov_skip: { CKV_AWS_378: 'TLS ends at the ALB; the hop stays inside the VPC' } }, protocol: 'HTTP' } },
    aws_s3_bucket: { b_1: { '//': { checkov_skip: { CKV_AWS_144: 'single-region project, history kept by versioning' } } }, b_2: {} },
  },
};
const finding = (check: string, resource: string) => ({ check_id: check, check_name: check, resource });

describe('checkov gate', () => {
  it('accepts a finding only with a reason next to that resource, and fails the rest', () => {
    const r = classify('test', stack, {
      summary: { passed: 10 },
      results: { failed_checks: [finding('CKV_AWS_378', 'aws_lb_target_group.tg_1'), finding('CKV_AWS_144', 'aws_s3_bucket.b_2'), finding('CKV_AWS_18', 'aws_s3_bucket.b_1')] },
    });
    expect(r.passed).toBe(10);
    expect(r.suppressed.map((s) => `${s.resource} ${s.check_id}`)).toEqual(['aws_lb_target_group.tg_1 CKV_AWS_378']);
    expect(r.failed.map((s) => `${s.resource} ${s.check_id}`)).toEqual(['aws_s3_bucket.b_2 CKV_AWS_144', 'aws_s3_bucket.b_1 CKV_AWS_18']);
  });

  it('fails a stack checkov could not parse, instead of counting zero findings as clean', () => {
    const r = classify('test', stack, { summary: { passed: 0, failed: 0, parsing_errors: 1 }, results: { failed_checks: [] } });
    expect(r.failed.map((f) => f.check_id)).toEqual(['PARSE']);
  });

  it('reports a suppression that checkov no longer raises as stale', () => {
    const r = classify('test', stack, { summary: { passed: 3 }, results: { failed_checks: [finding('CKV_AWS_378', 'resource.tg_1')] } });
    expect(r.failed).toEqual([]);
    expect(r.stale).toEqual(['aws_s3_bucket.b_1 CKV_AWS_144']);
  });
});
