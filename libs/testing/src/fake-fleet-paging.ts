import { awsError } from './aws-error';

/**
 * A page of `items` from the offset a NextToken carries, and the token of the next page, as both
 * DescribeAutoScalingGroups and DescribeInstances page. A token that is not an offset is
 * `InvalidNextToken`.
 */
export function paginate<T>(
  items: readonly T[],
  token: string | undefined,
  max: number,
): { page: T[]; nextToken: string | undefined } {
  const start = Number(token ?? 0);
  if (!Number.isInteger(start) || start < 0) {
    throw awsError('InvalidNextToken', { message: `invalid NextToken ${token}` });
  }
  return {
    page: items.slice(start, start + max),
    nextToken: start + max < items.length ? String(start + max) : undefined,
  };
}
