import {
  GetObjectCommand,
  PutObjectCommand,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { awsErrorName, awsHttpStatus } from '@fleetlog/aws-kit';
import type { S3Api } from './clients';

/** An object's text and the ETag it was read with; both undefined when it does not exist. */
export interface StoredText {
  text: string | undefined;
  etag: string | undefined;
}

export async function readText(s3: S3Api, bucket: string, key: string): Promise<StoredText> {
  try {
    const out = (await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: key }),
    )) as GetObjectCommandOutput;
    return { text: (await out.Body?.transformToString('utf-8')) ?? '', etag: out.ETag };
  } catch (error) {
    if (awsErrorName(error) === 'NoSuchKey' || awsHttpStatus(error) === 404) {
      return { text: undefined, etag: undefined };
    }
    throw error;
  }
}

/**
 * Writes only if the object is still the one read (`IfMatch` its ETag) or, when there was none,
 * still absent (`IfNoneMatch: *`). S3 answers 412 PreconditionFailed or 409
 * ConditionalRequestConflict otherwise; see isWriteConflict.
 */
export async function writeTextIfUnchanged(
  s3: S3Api,
  bucket: string,
  key: string,
  text: string,
  read: StoredText,
  contentType: string,
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: text,
      ContentType: contentType,
      ...(read.etag === undefined ? { IfNoneMatch: '*' } : { IfMatch: read.etag }),
    }),
  );
}

/** Someone else wrote first: re-read, re-render and try again. */
export function isWriteConflict(error: unknown): boolean {
  const name = awsErrorName(error);
  const status = awsHttpStatus(error);
  return (
    name === 'PreconditionFailed' ||
    name === 'ConditionalRequestConflict' ||
    status === 412 ||
    status === 409
  );
}
